(define (a n) (if (= n 0) (car n) (+ 1 (a (- n 1)))))
(a 20)
