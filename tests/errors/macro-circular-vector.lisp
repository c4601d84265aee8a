(defmacro bad () (let ((v (vector 1))) (vector-set! v 0 v) v))
(print 1)
(bad)
