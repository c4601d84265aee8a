;; Offsets so large that offset + size would wrap past 2^63 are still
;; outside the memory c-alloc gave: an error, never a read elsewhere.
(define buf (c-alloc 16))
(define (attempt thunk) (try (thunk) (catch e (error-message e))))
(print (attempt (fn () (ptr-ref buf :int 9223372036854775807))))
(print (attempt (fn () (ptr-set! buf :int64 1 9223372036854775800))))
(print (attempt (fn () (ptr-ref (ptr+ buf 8) :int64 -9223372036854775807))))
(print (attempt (fn () (ptr->string buf 9223372036854775807))))
(print (attempt (fn () (ptr-ref (ptr+ buf 9223372036854775807) :uint8))))
(print (ptr-ref buf :int64 8))
