(define (f 1 x) x)
