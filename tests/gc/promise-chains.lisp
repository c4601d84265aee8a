;; max-rss-mib: 100
;; skip gc-stress: allocates a few hundred MB in total
;; A delay-force chain of three million steps is forced in constant space
;; (R7RS 4.2.5).
(define (loop n) (delay-force (if (= n 0) (delay 'done) (loop (- n 1)))))
(print (force (loop 3000000)))
