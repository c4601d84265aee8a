(load-library "lib/build/libelletest.so" :header "lib/elletest.h")
(define n 3)
(print (ELLETEST_SQUARE n))
