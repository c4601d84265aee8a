;; skip gc-stress: builds 200,000 live objects while allocating 500 MB
;; A large structure stays reachable while garbage is made around it.
(define live (make-hash-table))
(let loop ((i 0))
  (when (< i 20000)
    (hash-set! live i (list (number->string i) (make-vector 3 i) (cons i i)))
    (loop (+ i 1))))
(define (garbage n) (when (> n 0) (make-vector 50 n) (garbage (- n 1))))
(garbage 1000000)
(define (check i bad)
  (if (= i 20000)
      bad
      (let ((e (hash-ref live i)))
        (check (+ i 1)
               (if (and (equal? (car e) (number->string i))
                        (= (vector-ref (cadr e) 2) i)
                        (= (cdr (caddr e)) i))
                   bad
                   (+ bad 1))))))
(print (check 0 0))
(print (hash-count live))
