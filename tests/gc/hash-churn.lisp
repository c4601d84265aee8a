;; max-rss-mib: 100
;; skip gc-stress: 2 million insertions and removals
(define h (make-hash-table))
(define (churn i)
  (when (< i 2000000)
    (hash-set! h (list 'k i) (make-vector 4 i))
    (when (>= i 100) (hash-remove! h (list 'k (- i 100))))
    (churn (+ i 1))))
(churn 0)
(print (hash-count h))
(print (vector-ref (hash-ref h (list 'k 1999999)) 0))
