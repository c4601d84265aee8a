;; A constructor takes fields of its type only.
(define-record-type <point> (make-point x z) point? (x point-x) (y point-y))
