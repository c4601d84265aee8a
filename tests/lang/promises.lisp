;; delay, delay-force, force, make-promise and promise? (R7RS 4.2.5): a
;; promise's expression runs once, at the first force; delay-force chains
;; run in constant space; a promise that forces itself is forced once.
(define count 0)
(define p (delay (begin (set! count (+ count 1)) (* 6 7))))
(print (list (promise? p) count))
(print (list (force p) (force p) count))
(print (list (force 5) (promise? 5) (force (make-promise 'ready)) (promise? (make-promise 1))))
(define q (make-promise p))
(print (eq? q p))

;; promises print opaquely and are equal? only to themselves
(print (list (delay 1) (make-promise 1) (equal? (make-promise 1) (make-promise 1)) (equal? p p)))

;; a stream, as R7RS's example
(define integers
  (letrec ((next (lambda (n) (delay (cons n (next (+ n 1)))))))
    (next 0)))
(define (head stream) (car (force stream)))
(define (tail stream) (cdr (force stream)))
(print (head (tail (tail integers))))

;; delay-force chains (tests/gc/promise-chains runs them a million long)
(define (loop n) (delay-force (if (= n 0) (delay 'done) (loop (- n 1)))))
(print (force (loop 1000)))
(define (stream-filter keep? s)
  (delay-force
    (if (null? (force s))
        (delay '())
        (let ((h (car (force s))) (t (cdr (force s))))
          (if (keep? h) (delay (cons h (stream-filter keep? t))) (stream-filter keep? t))))))
(define (from n) (delay (cons n (from (+ n 1)))))
(print (head (tail (stream-filter (lambda (n) (= 0 (remainder n 100))) (from 1)))))

;; a promise whose expression forces the promise itself: R7RS's example
(define x 5)
(define r
  (delay (begin (set! x (+ x 1))
                (if (> x 10) x (force r)))))
(print (force r))
(set! x 100)
(print (force r))

;; an error while forcing leaves the promise to be forced again
(define tries 0)
(define flaky (delay (begin (set! tries (+ tries 1)) (if (< tries 2) (error "not yet") 'fine))))
(print (guard (e (#t (error-object-message e))) (force flaky)))
(print (list (force flaky) tries))
(print (guard (e (#t (error-object-message e))) (force (delay-force 7))))
