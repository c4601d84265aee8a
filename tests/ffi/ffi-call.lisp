;; C functions by name and signature, with no header; C functions as values.
;; bindings: skip names the library by a path relative to this file
(define et (load-library "lib/build/libelletest.so"))
(print (ffi-call et "et_i32" (:int) :int -5))
(print (ffi-call et "et_u16_add" (:uint16 :uint16) :uint16 65535 3))
(print (ffi-call "m" "cos" (:double) :double 0))
(print (ffi-call "libc.so.6" "strlen" (:string) :size_t "hello"))
(print (ffi-call "libc.so.6" "strchr" (:string :int) :string "hello" 108))
(print (ffi-call "libc.so.6" "strchr" (:string :int) :string "hello" 122))
(define labs (get-library-function "libc.so.6" "labs" (:long) :long))
(print (labs -42))
(print (map labs '(-1 2 -3)))
(print labs)
;; the same symbol, declared twice alike, is one function
(define (twice x) (ffi-call "libc.so.6" "labs" (:long) :long (* 2 x)))
(print (twice -4))
;; a function from a header, as a value
(load-library "lib/build/libelletest.so" :header "lib/elletest.h")
(print (map et-i8-negate '(1 -2 3)))
(print (apply et_i32 '(7)))
(print (procedure? et-i64))
(try (labs "x") (catch e (print (error-message e))))
