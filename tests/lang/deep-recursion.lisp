;; skip gc-stress: every collection scans a stack 100,000 frames deep
(define (build n) (if (= n 0) '() (cons n (build (- n 1)))))
(define (len l) (if (null? l) 0 (+ 1 (len (cdr l)))))
(print (len (build 100000)))
(define (sum n) (if (= n 0) 0 (+ n (sum (- n 1)))))
(print (sum 100000))
(print (length (map (fn (x) x) (iota 200000))))
