;; A pointer to bytes is text or memory by how C spells it: char (and a
;; const unsigned char, as sqlite3_column_text's) is text, a string; an
;; 8-bit integer typedef (uint8_t) or a non-const unsigned char is memory,
;; a pointer (as SHA256's result and SDL_GetKeyboardState's are).
(load-library "elletest" :header "lib/elletest.h")
(print (list (et-text-u) (et-node-name)))
;; memory: a pointer to read as bytes
(define d (et-digest "abcd" 4 nil))
(print (list (pointer? d) (ptr->bytevector d 4)))
(define md (make-bytevector 4 0))
(et-digest "hello" 5 md)
(print md)
(define keys (et-key-state))
(print (list (pointer? keys) (ptr-ref keys :uint8 1) (ptr-ref keys :uint8 2)))
;; a non-const xmlChar* result is memory the caller frees: read its text
(define content (et-node-content))
(print (ptr->string content))
(et-free content)
;; the other reading, declared: text read as memory
(define-c-pointer-result et-text-u)
(define u (et-text-u))
(print (list (pointer? u) (ptr->string u 2)))
;; char* and unsigned char* fields hold any pointer: c-alloc, a bytevector
(define bytes #u8(1 2 3))
(define raw (c-alloc 3))
(ptr-set! raw :uint8 10 0)
(define b (make-struct et_buffer :data bytes :len 3 :raw raw))
(print (et-buffer-sum b))
(print (list (pointer? (struct-get b 'data)) (ptr-ref (struct-get b 'data) :uint8 2)))
(define label (c-alloc 8))
(ptr-set! label :uint32 7103838)
(struct-set! b 'name label)
(print (struct-get b 'name))
(print (try (struct-set! b 'name "text") (catch e (error-message e))))
(define cell (c-alloc 8))
(ptr-set! cell :string bytes)
(print (ptr-ref (ptr-ref cell :pointer) :uint8 0))
(print (try (ptr-set! cell :string "text") (catch e (error-message e))))
