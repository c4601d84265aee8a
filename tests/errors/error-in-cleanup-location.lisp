;; An error inside dynamic-wind, parameterize or with-output-to-string is
;; reported where it was raised, not where the cleanup raised it again.
(define (f x) (car x))
(define p (make-parameter 1))
(print (with-output-to-string (lambda () (parameterize ((p 2)) (dynamic-wind (lambda () 1) (lambda () (f 5)) (lambda () 2))))))
