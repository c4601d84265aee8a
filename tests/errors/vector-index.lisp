(define v (make-vector 3 0))
(vector-set! v 3 'x)
