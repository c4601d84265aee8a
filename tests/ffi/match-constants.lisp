;; In match, a C constant (an enumerator, a #define) compares by value.
(load-library "elletest" :header "lib/elletest.h")
(define (name c) (match c (ELLETEST_RED 'red) (ELLETEST_GREEN 'green) (ELLETEST_ANSWER 'answer) (_ 'other)))
(print (map name (list ELLETEST_GREEN ELLETEST_RED 42 ELLETEST_BLUE)))
