;; skip gc-stress: a collection per allocation makes building the list quadratic
;; A long quoted list (from a macro, as generated code has them) costs its
;; length to compile and to build (not a call per element, not a recursion
;; per element).
(defmacro long-list (n) `',(iota n))
(define big (long-list 300000))
(print (length big))
(print (list-ref big 299999))
(print (apply + big))
