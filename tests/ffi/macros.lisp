;; Function-like macros: applied to constants, evaluated by clang.
;; bindings: skip applies function-like macros, which a bindings file cannot carry
(load-library "lib/build/libelletest.so" :header "lib/elletest.h")
(print (ELLETEST_SQUARE 12))
(print (ELLETEST_POS 1))
(print ELLETEST_POS_CENTERED)
(print (ELLETEST_SCALE 3 5))
(print (ELLETEST_GREETING "Elle"))
(print (ELLETEST_SQUARE #\a))
(define (f) (ELLETEST_SQUARE -3))
(print (f))
