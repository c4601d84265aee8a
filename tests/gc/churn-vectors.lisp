;; max-rss-mib: 100
;; skip gc-stress: allocates about 2 GB in total
(define (churn i acc)
  (if (= i 0)
      acc
      (let ((v (make-vector (+ 1 (modulo i 3000)) i)))
        (churn (- i 1) (+ acc (vector-length v))))))
(print (churn 200000 0))
