(define (is-even n) (if (= n 0) #t (is-odd (- n 1))))
(define (is-odd n) (if (= n 0) #f (is-even (- n 1))))
(print (is-even 1000001))
