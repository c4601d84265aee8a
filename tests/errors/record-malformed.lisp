;; define-record-type needs a name, a constructor and a predicate.
(define-record-type <point> (make-point x y))
