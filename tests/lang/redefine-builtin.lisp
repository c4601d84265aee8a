;; A program may redefine a built-in for itself; the prelude's procedures
;; (sort, map, ...) keep calling the built-ins they were written with.
(define < >)
(print (sort '(3 1 2) <))
(define car cdr)
(print (map (fn (x) (* x 2)) '(1 2 3)))
(print (car '(1 2 3)))
(define (reverse l) 'mine)
(print (filter odd? '(1 2 3 4 5)))
(print (reverse '(1 2)))
