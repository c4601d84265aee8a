;; zlib streaming, as zlib's own zpipe.c does it: deflate in chunks through
;; a z_stream (deflateInit is the header's macro), with next_in pointing
;; into the input (C's in + pos), then inflate back.
(load-library "zlib" :header "zlib.h")

(define CHUNK 4096)

(define (text-of n)
  (let loop ((i 0) (lines nil) (len 0))
    (if (>= len n)
        (apply string-append (reverse lines))
        (let ((line (format "line ~a: the quick brown fox jumps over the lazy dog ~a~%" i (* i i))))
          (loop (+ i 1) (cons line lines) (+ len (string-length line)))))))

(define input (string->utf8 (text-of 20000)))

;; run `step` (deflate or inflate) over `in` with `flush`, collecting output
(define (pump strm step in flush)
  (define out (make-bytevector CHUNK))
  (let loop ((pieces nil))
    (struct-set! strm 'avail_out CHUNK)
    (struct-set! strm 'next_out out)
    (define r (step strm flush))
    (when (or (= r Z_STREAM_ERROR) (= r Z_DATA_ERROR) (= r Z_MEM_ERROR)) (error "zlib failed" r))
    (define more (cons (bytevector-copy out 0 (- CHUNK (struct-get strm 'avail_out))) pieces))
    (if (and (= (struct-get strm 'avail_out) 0) (not (= r Z_STREAM_END)))
        (loop more)
        (list r (apply bytevector-append (reverse more))))))

(define (run step init end data flush-last)
  (define strm (make-struct z_stream))
  (unless (= (init strm) Z_OK) (error "init failed" (struct-get strm 'msg)))
  (define total (bytevector-length data))
  (let loop ((pos 0) (pieces nil))
    (define n (min CHUNK (- total pos)))
    (struct-set! strm 'next_in (ptr+ data pos))
    (struct-set! strm 'avail_in n)
    (define last? (>= (+ pos n) total))
    (define r (pump strm step data (if last? flush-last Z_NO_FLUSH)))
    (define more (cons (cadr r) pieces))
    (if (or last? (= (car r) Z_STREAM_END))
        (begin (end strm) (list (car r) (apply bytevector-append (reverse more))))
        (loop (+ pos n) more))))

(define packed (run deflate (fn (s) (deflateInit s Z_BEST_COMPRESSION)) deflateEnd input Z_FINISH))
(define unpacked (run inflate (fn (s) (inflateInit s)) inflateEnd (cadr packed) Z_NO_FLUSH))
(print (list (bytevector-length input) (< (bytevector-length (cadr packed)) (quotient (bytevector-length input) 4))))
(print (list (= (car packed) Z_STREAM_END) (= (car unpacked) Z_STREAM_END) (equal? (cadr unpacked) input)))
(print (= (crc32 0 input (bytevector-length input)) (crc32 0 (cadr unpacked) (bytevector-length (cadr unpacked)))))
;; a corrupt stream: zlib's message, read from the struct
(define strm (make-struct z_stream))
(inflateInit strm)
(define junk (string->utf8 "not a zlib stream"))
(struct-set! strm 'next_in junk)
(struct-set! strm 'avail_in (bytevector-length junk))
(struct-set! strm 'next_out (make-bytevector 64))
(struct-set! strm 'avail_out 64)
(print (list (= (inflate strm Z_NO_FLUSH) Z_DATA_ERROR) (struct-get strm 'msg)))
(inflateEnd strm)
