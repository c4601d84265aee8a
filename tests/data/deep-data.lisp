;; skip gc-stress: builds millions of pairs; a collection at each allocation takes minutes
;; Deep but finite data is printed and compared with heap, not native
;; Stack — the printer and equal? keep no native frame per level.
(define (nest n) (let loop ((i 0) (acc nil)) (if (= i n) acc (loop (+ i 1) (list acc)))))
(define deep (nest 1000000))
(define text (format "~s" deep))
(print (string-length text))
(print (substring text 999995 1000005))
(print (equal? deep (nest 1000000)))
(print (equal? deep (nest 999999)))
(define v (let loop ((i 0) (acc 0)) (if (= i 300000) acc (loop (+ i 1) (vector acc)))))
(print (equal? v (let loop ((i 0) (acc 0)) (if (= i 300000) acc (loop (+ i 1) (vector acc))))))
(print (string-length (format "~a" v)))
