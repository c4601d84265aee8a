;; A translated C macro takes as many arguments as it has parameters.
(load-library "elletest" :header "lib/elletest.h")
(define y 1)
(print "not printed")
(print (ET_POINT_SUM_OF y))
