(load-library "elletest" :header "lib/elletest.h")
(define-c-pointer-result et-u64)
