;; define-c-owned-result names a C function that returns char*.
(load-library "libc.so.6" :header "string.h")
(print "not printed")
(define-c-owned-result strlen free)
