;; A record pattern has one pattern per field of the type.
(define-record-type <point> (make-point x y) point? (x point-x) (y point-y))
(print (match (make-point 1 2) ((<point> x) x) (_ 'no)))
