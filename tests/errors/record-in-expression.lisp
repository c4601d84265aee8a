;; define-record-type defines: it is not an expression.
(print (if #t (define-record-type <p> #f p?) 1))
