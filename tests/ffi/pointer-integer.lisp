;; Addresses as integers and back: C's (void *)-1 and friends, an address
;; printed for debugging, pointer arithmetic that C does with uintptr_t.
(define buf (c-alloc 16))
(define addr (pointer->integer buf))
(print (integer? addr))
(print (= (pointer->integer (ptr+ buf 8)) (+ addr 8)))
(print (list (integer->pointer 0) (pointer->integer nil) (pointer? (integer->pointer 4096))))
(print (pointer->integer (integer->pointer 4096)))
;; C's (void *)-1: every bit set; its address reads as uintptr_t does
(define all-ones (integer->pointer -1))
(print (pointer? all-ones))
(print (try (eqv? all-ones (integer->pointer 18446744073709551615)) (catch e (error-message e))))
(print (try (pointer->integer all-ones) (catch e (error-message e))))
(print (try (integer->pointer "x") (catch e (error-message e))))
(print (try (pointer->integer 12) (catch e (error-message e))))
