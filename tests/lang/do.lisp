;; do (R7RS 4.2.4): variables with optional steps, a test with results, and
;; commands; letrec* as letrec.
(print (do ((i 0 (+ i 1)) (acc nil (cons i acc))) ((= i 4) acc)))
(print (do ((vec (make-vector 5)) (i 0 (+ i 1))) ((= i 5) vec) (vector-set! vec i i)))
(print (let ((x '(1 3 5 7 9))) (do ((x x (cdr x)) (sum 0 (+ sum (car x)))) ((null? x) sum))))
(print (do ((i 0 (+ i 1))) ((= i 3))))
(print (do ((i 0 (+ i 1)) (j 10 (- j 1))) ((>= i j) (print "met") (list i j))))
;; a million steps in constant stack
(print (do ((i 0 (+ i 1)) (s 0 (+ s i))) ((= i 1000000) s)))
(print (letrec* ((a 1) (b (+ a 1))) (list a b)))
