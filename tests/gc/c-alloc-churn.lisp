;; max-rss-mib: 100
;; skip gc-stress: allocates about 2 GB of C memory in total
;; 500,000 blocks of 4 KiB from c-alloc, one live at a time: the collector
;; frees C memory Elle owns once nothing points to it.
(define (churn n sum)
  (if (= n 0)
      sum
      (let ((p (c-alloc 4096)))
        (ptr-set! p :int n 4092)
        (churn (- n 1) (+ sum (if (= (ptr-ref p :int 4092) n) 1 0))))))
(print (churn 500000 0))
;; freed early, the memory goes back at once
(define (churn-free n)
  (if (= n 0) 'done (let ((p (c-alloc 65536))) (c-free p) (churn-free (- n 1)))))
(print (churn-free 100000))
