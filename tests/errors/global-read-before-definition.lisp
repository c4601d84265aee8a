;; A global read by a top-level form is checked unless an earlier top-level
;; form surely defined it: a definition under a condition does not count,
;; and neither does one that comes later.
(define (f) y)
(when #f (define y 1))
(print (try y (catch e (error-message e))))
(print (try (f) (catch e (error-message e))))
(define y 2)
(print (list y (f)))
(begin (define w 4) (print w))
(print z)
(define z 3)
