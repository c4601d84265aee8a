;; A symbol has one signature in a program.
(print "not printed")
(define-c-function my-labs "libc.so.6" "labs" (:long) :long)
(define-c-function my-labs-2 "libc.so.6" "labs" ((* :int32)) :int32)
