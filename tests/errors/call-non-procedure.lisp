(define x 5)
(print (x 3))
