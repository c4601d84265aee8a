(load-library "lib/build/libelletest.so" :header "lib/elletest.h")
(define n 3)
(print (ET_VALUE_OF n))
