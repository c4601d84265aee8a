;; define-values' formals are names.
(define-values (a "b") (values 1 2))
