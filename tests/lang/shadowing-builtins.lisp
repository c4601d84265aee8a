(define (f list) (car list))
(print (f '(9 8)))
(let ((car cdr)) (print (car '(1 2 3))))
(print (car '(1 2 3)))
