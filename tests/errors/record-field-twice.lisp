;; A record type's fields have distinct names.
(define-record-type <point> (make-point x y) point? (x point-x) (y point-y) (x point-x2))
