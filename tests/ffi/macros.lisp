;; Function-like macros applied to constants: a body of C's operators is
;; translated (and means what it does on run-time values; a character is
;; not a number in Elle); one that does not translate, clang evaluates.
;; skip bindings: applies function-like macros, which a bindings file cannot carry
(load-library "elletest" :header "lib/elletest.h")
(print (ELLETEST_SQUARE 12))
(print (ELLETEST_POS 1))
(print ELLETEST_POS_CENTERED)
(print (ELLETEST_SCALE 3 5))
(print (ELLETEST_GREETING "Elle"))
(print (try (ELLETEST_SQUARE #\a) (catch e (error-message e))))
(define (f) (ELLETEST_SQUARE -3))
(print (f))
