;; Found by the mutation fuzzer (seed 703597): the loop's procedure reached
;; through 85 nested (let () ...) made elle walk 85 nodes per iteration and
;; run past the fuzzer's time limit (the original is gc/cycles). An empty let
;; is its body: this runs as fast as the original.
;; max-rss-mib: 100
;; gc-stress: skip allocates about 1.5 GB of cyclic structures
(define (ring n)
  (let ((first (list 0)))
    (let loop ((i 1) (last first))
      (if (= i n)
          (begin (set-cdr! last first) first)
          (let ((cell (list i)))
            (set-cdr! last cell)
            ((let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () loop)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) (+ i 1) cell))))))
(define (self-table)
  (let ((h (make-hash-table)))
    (hash-set! h 'me h)
    (hash-set! h 'v (make-vector 20 h))
    h))
(define (knot)
  (define (a) (b))
  (define (b) a)
  (b))
(define (churn i)
  (when (> i 0)
    (ring 50)
    (self-table)
    (knot)
    (churn (- i 1))))
(churn 50000)
(print (car (cdr (cdr (ring 5)))))
