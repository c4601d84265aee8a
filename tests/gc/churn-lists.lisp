;; max-rss-mib: 100
;; skip gc-stress: allocates about 1 GB in total
;; 30 million pairs in lists of 100, only one list live at a time.
(define (build n acc) (if (= n 0) acc (build (- n 1) (cons n acc))))
(define (churn rounds sum)
  (if (= rounds 0)
      sum
      (churn (- rounds 1) (+ sum (car (build 100 '()))))))
(print (churn 300000 0))
