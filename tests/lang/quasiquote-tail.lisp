;; An unquote in a list's tail, however the list was written: dotted,
;; long-hand, or after passing through a macro (which gives it back flat).
(define y 2)
(print `(a . ,y))
(print (when #t `(a . ,y)))
(print (quasiquote (1 unquote (+ 1 1))))
(print `(1 ,@(list 2 3) . ,y))
(print `(1 `(2 . ,,y)))
(defmacro pair-with (x) `(list 'got . ,x))
(print (pair-with ((+ 1 2) 4)))
