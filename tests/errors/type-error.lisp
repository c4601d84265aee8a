(define (total xs) (reduce + 0 xs))
;; the error is raised inside the prelude; tail calls leave only its frames
(print (total '(1 2 3)))
(print (total '(1 "two" 3)))
