;; skip sanitizers: strdup allocates through AddressSanitizer, free is libc's own from its handle
;; Strings both ways: a const char* result is copied; a char* the callee
;; allocated is copied and then freed by the function named for it.
(load-library "libc.so.6" :header "string.h")
(load-library "libc.so.6" :header "stdlib.h")
(load-library "elletest" :header "lib/elletest.h")
(print (et-greeting))
(define-c-owned-result strdup free)
(print (strdup "copied, then freed"))
(define-c-owned-result et-upper free)
(print (et-upper "shout"))
(define (many n) (if (= n 0) 'done (begin (strdup "x") (many (- n 1)))))
(print (many 1000))
