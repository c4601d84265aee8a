;; env: ELLE_HEAP_MAX=48M
;; skip gc-stress: fills 48 MiB of heap; a collection at each allocation takes minutes
;; A program that needs more heap than ELLE_HEAP_MAX allows ends with a
;; message and status 1, its output so far kept.
(print "before")
(define (grow acc n) (if (= n 0) acc (grow (cons n acc) (- n 1))))
(define kept (grow nil 10000000))
(print "not reached")
