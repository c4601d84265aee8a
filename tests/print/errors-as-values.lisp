(define e (try (error "oops" 1) (catch x x)))
(print e)
