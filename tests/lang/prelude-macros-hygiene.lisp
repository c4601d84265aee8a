;; The prelude's macros call the built-ins they were written with, whatever
;; the program binds or redefines under the same names.
(define (memv x l) #f)
(define (list &rest xs) 'mine)
(define (car p) 'mine)
(print (case 5 ((1 2) 'low) ((5 6) 'five) (else 'other)))
(print (case 7 ((1) 'one) (else => (fn (k) (* k 2)))))
(print (case 9 ((1) 'one)))
;; locally bound names too
(print (let ((memv (fn (a b) #t)) (cond 'shadowed))
         (case 'b ((a) 1) ((b) 2) (else 3))))
