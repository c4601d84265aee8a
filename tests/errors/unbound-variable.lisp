(print "nothing runs: the program is checked first")
(define (f x) (+ x undefined-thing))
(print (f 1))
