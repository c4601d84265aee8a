;; A macro whose expansion holds an object that is not data: the same
;; located error in every executor.
(defmacro table () (make-hash-table))
(print (table))
