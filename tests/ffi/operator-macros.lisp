;; C macros made of C's operators, applied to run-time values: they mean
;; what they mean in C (integer division truncates, % is remainder), and a
;; comparison or logical result is #t or #f — as the same macro applied to
;; constants (which clang evaluates) gives.
(load-library "elletest" :header "lib/elletest.h")
(define (id x) x)
(define regular (id #o100644))
(define folder (id #o40755))
(print (list (ET_ISREG regular) (ET_ISREG folder) (ET_ISREG #o100644) (ET_ISREG 0)))
(print (if (ET_ISREG folder) 'file 'other))
(print (list (ET_MKTAG (id 82) (id 73) (id 70) (id 70)) (ET_MKTAG 82 73 70 70)))
(print (list (ET_HALF (id 7)) (ET_HALF (id -7)) (ET_HALF (id 7.0)) (ET_HALF 7) (ET_HALF -7)))
(print (list (ET_MOD (id -7) (id 3)) (ET_MOD -7 3) (ET_MOD (id 7) (id -3))))
(print (list (ET_CLAMP (id 5) 0 3) (ET_CLAMP (id -1) 0 3) (ET_CLAMP (id 2) 0 3) (ET_CLAMP 5 0 3)))
(print (list (ET_HIGH_NIBBLE (id 171)) (ET_INVERT (id 0)) (ET_INVERT (id -1))))
(print (list (ET_NOT (id 0)) (ET_NOT (id 5)) (ET_NOT nil) (ET_NOT 0) (ET_NOT 5)))
(print (list (ET_FLAG_COUNT (id 3)) (ET_FLAG_COUNT (id 2)) (ET_FLAG_COUNT 3) (ET_FLAG_COUNT 0)))
(print (list (ET_IS_EMPTY nil) (ET_IS_EMPTY (id "")) (ET_IS_EMPTY (id "x"))))
(print (try (ET_MOD (id 1) (id 0)) (catch e (error-message e))))
(print (try (ET_HALF (id "x")) (catch e (error-message e))))
(print (list (ET_BOUND 100) (ET_BOUND (id 100)) ET_MAX_INPUT))
(define named (make-struct et_named))
(print (list (ET_NAMED_INIT named) (struct-get named 'id) (sizeof et_named)))
(define nodes (et-list3))
(print (list (ET_VALUE_OF nodes) (ET_NEXT_VALUE nodes) (ET_NEXT_VALUE (struct-get (struct-get nodes 'next) 'next)) (ET_NEXT_VALUE nil)))
;; the translation calls Elle's built-ins themselves: a program's local
;; bitwise-and, not, null? or - does not change what a C macro means
(define (shadowing bitwise-and not null? - =) (list (ET_ISREG #o100644) (ET_NOT 0) (ET_IS_EMPTY nil) (ET_HALF -7)))
(print (shadowing 1 2 3 4 5))
