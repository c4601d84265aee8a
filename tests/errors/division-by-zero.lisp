(define (avg xs) (quotient (reduce + 0 xs) (length xs)))
(print (avg '(2 4)))
(print (avg '()))
