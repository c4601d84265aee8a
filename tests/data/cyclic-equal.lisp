;; equal? ends on cyclic data (R7RS): two structures are equal when their
;; infinite unfoldings are; hashing cyclic keys ends too.
(define (circular . items)
  (let ((l (apply list items)))
    (set-cdr! (last-pair l) l)
    l))
(define (last-pair l) (if (pair? (cdr l)) (last-pair (cdr l)) l))

(define a (circular 1 2))
(define b (circular 1 2 1 2))
(define c (circular 1 2 3))
(print (equal? a a))
(print (equal? a b))
(print (equal? a c))

(define v (vector 1 nil))
(vector-set! v 1 v)
(define w (vector 1 (vector 1 nil)))
(vector-set! (vector-ref w 1) 1 w)
(print (equal? v w))
(vector-set! (vector-ref w 1) 0 2)
(print (equal? v w))

(define h (make-hash-table))
(hash-set! h a 'circular)
(hash-set! h v 'vector)
(print (hash-ref h b))
(print (hash-ref h v))
(print (hash-count h))
