;; A C type keyword must name a C type.
(print "not printed")
(define f (get-library-function "libc.so.6" "labs" (:long) :lung))
