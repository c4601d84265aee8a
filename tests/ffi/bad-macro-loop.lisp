;; C macros that name each other never end: an error, not a hang.
(load-library "elletest" :header "lib/elletest.h")
(print "not printed")
(print ET_LOOP_A)
