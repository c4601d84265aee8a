;; A translated C macro takes as many arguments as it has parameters.
(load-library "lib/build/libelletest.so" :header "lib/elletest.h")
(define y 1)
(print "not printed")
(print (ET_POINT_SUM_OF y))
