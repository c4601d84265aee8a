(define log '())
(define (note x) (set! log (cons x log)))
(print
  (try
    (begin
      (note 'outer)
      (try (error "inner") (catch e (note (error-message e))))
      (note 'after-inner)
      (error "outer failure"))
    (catch e (list (error-message e) (reverse log)))))
(print (try (try (error "a") (catch e (error "rethrown"))) (catch e (error-message e))))
