;; skip gc-stress: every collection marks a 100,000-element live set
;; A long list and deep nesting survive collection and print correctly.
(define long (iota 100000))
(print (length long))
(print (reduce + 0 long))
(define (nest n acc) (if (= n 0) acc (nest (- n 1) (list acc))))
(define deep (nest 10000 'core))
(define (unnest x n) (if (pair? x) (unnest (car x) (+ n 1)) (list x n)))
(print (unnest deep 0))
