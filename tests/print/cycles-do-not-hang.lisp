(define l (list 1 2))
(set-cdr! (cdr l) l)
(print (car (cdr (cdr l))))
(print (eq? l (cdr (cdr l))))
