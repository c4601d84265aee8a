;; env: ELLE_HEAP_MAX=64M
;; Under a heap limit, a vector that would not fit is an error to catch,
;; and the program goes on.
(print (try (make-vector 20000000 0) (catch e (error-message e))))
(print (vector-length (make-vector 1000000 0)))
