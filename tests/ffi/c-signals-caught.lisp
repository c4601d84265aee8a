;; skip wasm32: WebAssembly has no signals
;; A C function that ends in SIGFPE, SIGILL or SIGABRT (a failed assert) is,
;; under the FFI safety checks, an Elle error naming the function and the
;; signal, as a memory fault is.
(define (stop sig)
  (with-ffi-safety-checks
    (try (ffi-call "libc.so.6" "raise" (:int) :int sig)
         (catch e (print (error-message e))))))
(stop 8)
(stop 4)
(stop 6)
(print "still running")
