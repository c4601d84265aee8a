(define (f x) (match x (1 'one) (2 'two)))
(print (f 1))
(print (f 3))
