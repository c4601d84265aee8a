;; A callback's signature from the header's function pointer type, and a
;; header's typedef of a scalar as a C type: bytes C hands the callback with
;; their length are a pointer (cairo's PNG writer, curl's write function).
;; skip bindings: a bindings file names no typedefs of scalars or function pointers
(load-library "elletest" :header "lib/elletest.h")
(define twice (make-c-callback (fn (i) (* i 2)) et_counter_fn))
(print (et-call-n-times twice 4))
(define seen nil)
(define collect
  (make-c-callback (fn (user data n)
                     (set! seen (cons (ptr->bytevector data n) seen))
                     (if (pointer? data) 1 0))
                   et_bytes_fn))
(print (et-give-bytes collect nil))
(print (reverse seen))
(define plain (make-c-callback (fn (user data n) n) :args (:pointer :pointer :uint) :return et_status_t))
(print (et-give-bytes plain nil))
