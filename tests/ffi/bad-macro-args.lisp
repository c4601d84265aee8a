(load-library "elletest" :header "lib/elletest.h")
(define n 3)
(print (ET_SET_VALUE n 4))
