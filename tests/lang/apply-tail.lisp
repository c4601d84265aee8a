;; skip gc-stress: a million calls that each allocate
(define (tail-apply n) (if (= n 0) 'done (apply tail-apply (list (- n 1)))))
(print (tail-apply 1000000))
