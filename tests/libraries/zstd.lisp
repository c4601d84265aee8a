;; skip wasm32: no wasm32 build of zstd here
;; zstd — a round trip, and its error codes, which are size_t values at the
;; top of the range (ZSTD_isError answers with an int: 0 is true in Elle).
(load-library "libzstd" :header "zstd.h")
(load-library "libzstd" :header "zstd_errors.h")
(define (failed? code) (not (zero? (ZSTD_isError code))))
(define text (string->utf8 (apply string-append (map (fn (i) (format "~a bottles of beer on the wall. " i)) (iota 200)))))
(define bound (ZSTD_compressBound (bytevector-length text)))
(define packed (make-bytevector bound))
(define size (ZSTD_compress packed bound text (bytevector-length text) 3))
(print (list (failed? size) (< size (bytevector-length text))))
(define back (make-bytevector (bytevector-length text)))
(define n (ZSTD_decompress back (bytevector-length back) packed size))
(print (list (failed? n) (= n (bytevector-length text)) (equal? back text)))
;; garbage in: an error code (above 2^63), its name and its number
(define bad (ZSTD_decompress back (bytevector-length back) (string->utf8 "definitely not zstd") 19))
(print (list (failed? bad) (> bad 9223372036854775807) (ZSTD_getErrorName bad)))
(define small (ZSTD_decompress (make-bytevector 10) 10 packed size))
(print (list (ZSTD_getErrorName small) (= (ZSTD_getErrorCode small) ZSTD_error_dstSize_tooSmall)))
