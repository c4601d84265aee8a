;; with-ffi-safety-checks — a C function that crashes is an Elle error naming
;; it, in both executors, and the program goes on.
(load-library "elletest" :header "lib/elletest.h")
(print (try (with-ffi-safety-checks (et-deref nil) 'not-reached)
            (catch e (error-message e))))
(define cell (c-alloc 4))
(ptr-set! cell :int 41)
(print (with-ffi-safety-checks (+ 1 (et-deref cell))))
(print (try (with-ffi-safety-checks (error "an Elle error passes through")) (catch e (error-message e))))
(print "after")
