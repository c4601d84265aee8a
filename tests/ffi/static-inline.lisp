;; static inline functions from a header: no library symbol, a compiled shim.
;; skip bindings: calls static inline functions, which have no symbol to bind
(load-library "elletest" :header "lib/elletest.h")
(print (et-inline-scaled 7 -3))
(print (et-inline-mean 1 2))
(define (scaled a) (et_inline_scaled a 1))
(print (map scaled '(1 2 3)))
(print (try (scaled 3000000000) (catch e (error-message e))))
;; a header's own (static) variable, read through a shim too
(print et_static_answer)
