;; Bitfields up to 64 bits wide, at any bit offset: C's packed records put a
;; 64-bit field across nine bytes.
(define-c-struct packed :size 9 :align 1
  (tag :uint8 :bits 3 :bit-offset 0)
  (big :uint64 :bits 64 :bit-offset 3)
  (tail :uint8 :bits 5 :bit-offset 67))
(define p (make-struct packed))
(struct-set! p 'tag 5)
(struct-set! p 'big 9223372036854775807)
(struct-set! p 'tail 31)
(print (list (struct-get p 'tag) (struct-get p 'big) (struct-get p 'tail)))
(struct-set! p 'big 1234567890123)
(print (list (struct-get p 'tag) (struct-get p 'big) (struct-get p 'tail)))

(define-c-struct signed64 :size 8 :align 8 (v :int64 :bits 64 :bit-offset 0))
(define s (make-struct signed64))
(struct-set! s 'v -9223372036854775808)
(print (struct-get s 'v))
(struct-set! s 'v 42)
(print (struct-get s 'v))

(define-c-struct narrow :size 4 :align 4 (n :int32 :bits 31 :bit-offset 1) (u :uint32 :bits 1 :bit-offset 0))
(define n (make-struct narrow))
(struct-set! n 'n -1073741824)
(struct-set! n 'u 1)
(print (list (struct-get n 'n) (struct-get n 'u)))
(print (try (struct-set! n 'n 1073741824) (catch e (error-message e))))
(print (try (struct-set! n 'u 2) (catch e (error-message e))))
