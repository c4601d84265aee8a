(load-library "lib/build/libelletest.so" :header "lib/elletest.h")
(define-c-pointer-result et-u64)
