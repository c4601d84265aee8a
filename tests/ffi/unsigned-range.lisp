;; skip wasm32: its values are those of a 64-bit size_t and long (x86-64): on wasm32 both are 32 bits
;; Every C integer comes into Elle as its value and goes back unchanged:
;; size_t error codes at the top of the range (as zstd's are), 64-bit
;; hashes, all-ones macros, uint64 fields and bit-fields.
(load-library "elletest" :header "lib/elletest.h")
(print (list ET_SIZE_TOP ET_U64_TOP ET_ERROR_BASE))
(print (= ET_SIZE_TOP (et-u64-max) 18446744073709551615))
;; an error code: compared, passed back, tested by C
(define code (et-checked-len "a long string" 4))
(print (list code (et-is-error code) (- ET_SIZE_TOP code -1)))
(print (list (et-checked-len "abc" 4) (et-is-error (et-checked-len "abc" 4))))
(print (et-is-error 18446744073709551610))
(print (et-u64 (- ET_SIZE_TOP 1)))
;; a 64-bit hash by value, its fields and bit-fields read and written
(define h (et-hash-of "elle"))
(print (list (struct-get h 'hash) (struct-get h 'flags) (= (struct-get h 'top) (bitwise-xor (struct-get h 'hash) ET_U64_TOP))))
(struct-set! h 'hash 18446744073709551615)
(struct-set! h 'top 9223372036854775808)
(print (list (struct-get h 'hash) (struct-get h 'top)))
(print (try (struct-set! h 'flags 8) (catch e (error-message e))))
;; through memory
(define cell (c-alloc 8))
(ptr-set! cell :uint64 ET_U64_TOP)
(print (list (ptr-ref cell :uint64) (ptr-ref cell :int64) (ptr-ref cell :size_t)))
(ptr-set! cell :int64 -1)
(print (ptr-ref cell :uint64))
;; a variadic argument keeps its bits
(define buf (c-alloc 32))
(define-c-function snprintf "libc.so.6" "snprintf" (:pointer :size_t :string &rest) :int32)
(snprintf buf 32 "%llu %lld" ET_U64_TOP -5)
(print (ptr->string buf))
;; out of a parameter's range: an error naming it, never a wrap
(define (minus x) (- x))
(print (try (et-u64 (minus 1)) (catch e (error-message e))))
(print (try (et-i64 (minus -9223372036854775808)) (catch e (error-message e))))
(print (try (et-u32 ET_SIZE_TOP) (catch e (error-message e))))
