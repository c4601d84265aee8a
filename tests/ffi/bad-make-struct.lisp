;; make-struct checks its field names against the type before anything runs.
(define-c-struct Vec2 (x :double) (y :double))
(print "not printed")
(define v (make-struct Vec2 :x 1 :z 2))
