;; max-rss-mib: 100
;; skip gc-stress: allocates about 3 GB in total
;; Large strings (each above the small-object size classes) made and dropped.
(define (make-string-of n s) (if (= n 0) "" (string-append s (make-string-of (- n 1) s))))
(define chunk (make-string-of 1000 "abcdefghij"))
(define (churn i total)
  (if (= i 0)
      total
      (let ((s (string-append chunk chunk chunk)))
        (churn (- i 1) (+ total (string-length s))))))
(print (churn 100000 0))
