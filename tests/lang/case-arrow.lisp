;; R7RS case: a clause's body may be `=> proc`, called with the key.
(define (classify n)
  (case n
    ((1 2 3) => (lambda (k) (list 'small k)))
    ((4 5 6) 'medium)
    (else => (lambda (k) (list 'other k)))))
(print (classify 2))
(print (classify 5))
(print (classify 9))
(print (case 5 ((5) => (lambda (x) x)) (else 0)))
