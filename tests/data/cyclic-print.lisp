;; Data that contains itself prints with R7RS datum labels, in write,
;; display, format and error messages alike; shared structure that is not a
;; cycle prints plainly.
(define v (vector 1 2))
(vector-set! v 0 v)
(display v) (newline)
(write v) (newline)

(define x (list 1))
(set-car! x x)
(write x) (newline)
(print (format "~a | ~s" x (list "s" x)))

(define l (list 'a 'b 'c))
(set-cdr! (cddr l) l)
(print l)

;; a cycle entered in the middle of a list's spine
(define m (list 1 2 3 4))
(set-cdr! (cdddr m) (cdr m))
(print m)

;; two cycles side by side, and one inside a vector
(define p (list 'p))
(set-cdr! p p)
(define q (vector 'q nil))
(vector-set! q 1 q)
(print (list p q p))

;; shared, not cyclic: printed in full each time
(define s (list 1 2))
(print (list s s (vector s)))

(print (try (car v) (catch e (error-message e))))
