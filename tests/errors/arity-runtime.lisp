(define f (car (list (fn (a b) (+ a b)))))
(print (f 1 2))
(print (f 1))
