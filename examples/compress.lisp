;; Compresses a text with zlib, checks the round trip and its CRC-32, and
;; sorts the text's distinct words with libc's qsort calling an Elle
;; comparator: two C libraries, linked into a native executable or into a
;; WebAssembly module alike.
;; Usage: elle examples/compress.lisp [file]
;;        ellec examples/compress.lisp -o compress && ./compress [file]
;;        ellec --target wasm32 examples/compress.lisp -o compress.wasm && node compress.mjs [file]
;;        (for wasm32, LIBRARY_PATH names a folder with zlib's wasm32 libz.a: docs/wasm.md)
(load-library "zlib" :header "zlib.h")
(load-library "c" :header "stdlib.h")
(load-library "c" :header "string.h")

(define sample "it was the best of times it was the worst of times it was the age of wisdom it was the age of foolishness")

(let args (command-line-args))
(let text (string->utf8 (if (null? args) sample (read-file (car args)))))
(let size (bytevector-length text))

;; compress2 writes at most compressBound bytes and says how many it wrote
(let room (compress-bound size))
(let packed (c-alloc (max room 1)))
(let packed-size (c-alloc (sizeof :ulong)))
(ptr-set! packed-size :ulong room)
(unless (= (compress2 packed packed-size text size Z_BEST_COMPRESSION) Z_OK)
  (error "compress2 failed"))
(let n (ptr-ref packed-size :ulong))

;; and back
(let unpacked (c-alloc (max size 1)))
(let unpacked-size (c-alloc (sizeof :ulong)))
(ptr-set! unpacked-size :ulong size)
(unless (= (uncompress unpacked unpacked-size packed n) Z_OK)
  (error "uncompress failed"))
(let same (and (= (ptr-ref unpacked-size :ulong) size)
               (= (memcmp unpacked text size) 0)))
(printf "~a bytes -> ~a compressed; round trip ~a; crc32 ~a~%"
        size n (if same "exact" "DIFFERENT") (crc32 0 text size))

;; the distinct words, sorted by qsort: C moves the pointers, Elle compares
(let words (let ((seen (make-hash-table)))
             (for-each (fn (w) (hash-set! seen w #t))
                       (filter (fn (w) (> (string-length w) 0))
                               (string-split (utf8->string text) " ")))
             (list->vector (hash-keys seen))))
(let count (vector-length words))
(let slots (c-alloc (max 1 (* count (sizeof :pointer)))))
(for-each (fn (i) (ptr-set! slots :pointer (integer->pointer i) (* i (sizeof :pointer))))
          (iota count))
(define (word-at p) (vector-ref words (pointer->integer (ptr-ref p :pointer))))
(let by-word (make-c-callback (fn (a b) (let ((x (word-at a)) (y (word-at b)))
                                          (cond ((string<? x y) -1) ((string<? y x) 1) (else 0))))
                              :args (:pointer :pointer) :return :int))
(qsort slots count (sizeof :pointer) by-word)
(print (map (fn (i) (vector-ref words (pointer->integer (ptr-ref slots :pointer (* i (sizeof :pointer))))))
            (iota count)))
