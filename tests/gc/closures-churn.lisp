;; max-rss-mib: 100
;; skip gc-stress: allocates about 1 GB of closures
(define (make-adder n) (fn (x) (+ x n)))
(define (churn i acc)
  (if (= i 0) acc (churn (- i 1) ((make-adder i) acc))))
(print (churn 5000000 0))
