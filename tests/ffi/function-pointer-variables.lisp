;; A C variable holding a function pointer its header types (libxml2's
;; xmlFree, a library's hooks) is called as C calls it: through its value,
;; with the pointer type's signature and its checks.
;; skip bindings: a bindings file declares the variable as a plain pointer
(load-library "elletest" :header "lib/elletest.h")
(print (et_global_op 10 3))
(print (pointer? et_global_op))
(print (map (fn (x) (et_global_op x 1)) (list 1 2 3)))
(define (two) "two")
(print (try (et_global_op 1 (two)) (catch e (error-message e))))
