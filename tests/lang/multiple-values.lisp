;; Multiple values (R7RS 6.10, 4.2.2, 5.3.3): values, call-with-values,
;; let-values, let*-values, receive (SRFI 8), define-values, and the
;; procedures that return two values: floor/ truncate/ exact-integer-sqrt.
(print (call-with-values (lambda () (values 1 2 3)) list))
(print (call-with-values (lambda () (values)) list))
(print (call-with-values (lambda () 7) (lambda (x) (* x x))))
(print (call-with-values (lambda () (values 1 2)) +))
(print (let-values (((a b) (values 1 2)) ((c) (values 3))) (list a b c)))
(print (let-values (((a . rest) (values 1 2 3)) (all (values 4 5))) (list a rest all)))
(print (let-values (((a &rest rest) (values 1 2 3))) (list a rest)))
(print (let-values (((a b) (floor/ 7 2))) (list a b)))
;; every expression sees the outer scope; let*-values each earlier one
(define x 'outer)
(print (let ((x 1) (y 2)) (let-values (((x y) (values y x)) ((z) (values x))) (list x y z))))
(print (let*-values (((a b) (values 1 2)) ((c) (values (+ a b)))) (list a b c)))
(print (receive (q r) (truncate/ -7 2) (list q r)))
(print (receive all (values 'a 'b) all))
(print (receive (first . more) (values 1 2 3) (list first more)))

;; a procedure returning several values, in tail position and not
(define (div-mod n d) (values (quotient n d) (remainder n d)))
(define (twice-div-mod n d) (div-mod (* 2 n) d))
(print (receive (q r) (twice-div-mod 17 5) (list q r)))
(print (receive (q r) (if (> 1 0) (div-mod 9 4) (values 0 0)) (list q r)))
;; values returned through a cleanup that itself uses values
(define p (make-parameter 1))
(print (receive (a b) (parameterize ((p 2)) (values (p) (* 10 (p)))) (list a b (p))))
(print (receive (a b) (guard (e (#t (values 'caught e))) (raise 'oops)) (list a b)))
(print (receive (s out) (values 1 (with-output-to-string (lambda () (receive (u v) (values 5 6) (display (+ u v)))))) (list s out)))
;; a loop of receives allocates nothing for the values
(define (sum-divisions n acc)
  (if (= n 0)
      acc
      (receive (q r) (floor/ n 7) (sum-divisions (- n 1) (+ acc q r)))))
(print (sum-divisions 100000 0))

;; floor/ and truncate/ on every sign, exact-integer-sqrt
(for-each (fn (nd)
            (receive (fq fr) (floor/ (car nd) (cadr nd))
              (receive (tq tr) (truncate/ (car nd) (cadr nd))
                (print (list nd fq fr tq tr)))))
          '((7 2) (-7 2) (7 -2) (-7 -2) (6 3) (0 5)))
(print (receive (q r) (floor/ 7.0 -2) (list q r)))
(for-each (fn (k) (receive (s r) (exact-integer-sqrt k) (print (list k s r))))
          (list 0 1 2 3 4 15 16 17 1000000 4611686018427387903 18446744073709551615))

;; define-values at top level and in a body
(define-values (dq dr) (floor/ 17 5))
(define-values (h . t) (values 1 2 3))
(define-values everything (values 'x 'y))
(define-values () (values))
(print (list dq dr h t everything))
(define (body-values)
  (define-values (a b) (values 10 20))
  (define c (+ a b))
  (list a b c))
(print (body-values))

;; one value is that value; zero or several in a single value's place show as #<values>
(print (values 42))
(print (+ 1 (values 2)))
(print (values 1 2))

;; wrong counts are errors at the receiving form
(print (guard (e (#t (error-object-message e))) (let-values (((a b) (values 1 2 3))) a)))
(print (guard (e (#t (error-object-message e))) (receive (a b . c) (values 1) a)))
(print (guard (e (#t (error-object-message e))) (call-with-values (lambda () (values 1 2)) (lambda (a) a))))
(print (guard (e (#t (error-object-message e))) (exact-integer-sqrt -1)))
(print (guard (e (#t (error-object-message e))) (floor/ 1 0)))
(define-values (only) (values 1 2))
