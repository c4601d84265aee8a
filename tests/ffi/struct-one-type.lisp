;; A struct is one type however C names it: its tag, a typedef of it, a
;; typedef of that typedef, a pointer typedef; an untagged struct is named
;; by its typedef, and a typedef of that typedef names it too.
(load-library "elletest" :header "lib/elletest.h")
(define by-tag (make-struct et_tagged :v 1))
(define by-typedef (make-struct et_tagged_t :v 2))
(define by-alias (make-struct et_tagged_alias :v 3))
(print (list (et-tagged-get by-tag) (et-tagged-get by-typedef) (et-tagged-get by-alias)))
(print (list (et-tagged-get-alias by-tag) (et-tagged-get-alias by-typedef)))
(print (list by-tag by-typedef by-alias))
(print (list (sizeof et_tagged) (sizeof et_tagged_t) (sizeof et_tagged_alias)))
;; a pointer C returns reads as the same type
(define p (et-tagged-new 7))
(print (list (struct-get p 'v) (et-tagged-get p) (et-tagged-get-alias p)))
(print (list (et-untagged-get (make-struct et_untagged :w 4)) (et-untagged-get (make-struct et_untagged2 :w 5))))
(print (make-struct et_untagged2 :w 6))
