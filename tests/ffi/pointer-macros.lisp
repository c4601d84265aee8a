;; A macro whose value is a pointer is a pointer: C's (void *)-1 (as
;; SQLITE_TRANSIENT is), a function pointer made from an integer (SIG_IGN),
;; and a null pointer, which is nil.
(load-library "elletest" :header "lib/elletest.h")
(print (list (pointer? ET_ALL_ONES) (pointer? ET_IGNORE) ET_NOTHING))
(print (et-is-all-ones ET_ALL_ONES))
(print (et-is-all-ones ET_NOTHING))
(print (pointer->integer ET_IGNORE))
(print (et-is-all-ones (integer->pointer -1)))
