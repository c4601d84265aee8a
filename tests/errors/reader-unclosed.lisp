(define (f x)
  (print x)
(f 1)
