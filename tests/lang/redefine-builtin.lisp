(define (square x) (* x x))
(define old+ +)
(define (+ a b) (old+ a b 1000))
(print (+ 1 2))
