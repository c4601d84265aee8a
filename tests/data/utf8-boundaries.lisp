;; Elle's strings are always UTF-8: bytes from a file, a port or C memory
;; that are not are an error naming the first bad byte, so a string's
;; length, its characters and its iteration always agree.
(define (attempt thunk) (try (thunk) (catch e (error-message e))))
(print (attempt (fn () (read-file "data/latin1.txt"))))
(define port (open-file "data/latin1.txt"))
(print (attempt (fn () (read-line port))))
(close-file port)

(define (c-bytes . bytes)
  (let ((p (c-alloc (+ 1 (length bytes)))))
    (let loop ((bs bytes) (i 0))
      (when (pair? bs)
        (ptr-set! p :uint8 (car bs) i)
        (loop (cdr bs) (+ i 1))))
    p))
;; a truncated sequence, a code point above U+10FFFF, an overlong form, a surrogate
(print (attempt (fn () (ptr->string (c-bytes #x61 #xE4 #xB8)))))
(print (attempt (fn () (ptr->string (c-bytes #xF4 #xBF #xBF #xBF)))))
(print (attempt (fn () (ptr->string (c-bytes #xC0 #xAF)))))
(print (attempt (fn () (ptr->string (c-bytes #xED #xA0 #x80) 3))))
;; well-formed text passes whole
(define ok (ptr->string (c-bytes #x63 #x61 #x66 #xC3 #xA9 #xF0 #x9F #x98 #x80)))
(print ok)
(print (string-length ok))
(print (string->list ok))
