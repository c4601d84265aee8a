;; C variables are read where a program names them: their value now, of
;; every kind (an array's is a pointer to its elements).
(load-library "elletest" :header "lib/elletest.h")
(print et_global_count)
(et-global-bump)
(print et_global_count)                         ; read again: C's change shows
(print (list et_global_name et_global_ratio et_global_flag))
(print (list (struct-get et_global_point 'x) (struct-get et_global_point 'y)))
;; a macro that is a variable's address: the address, which C writes through
(et-point-scale ET_GLOBAL_POINT_AT 2)
(print (list (struct-get et_global_point 'x) (pointer? ET_GLOBAL_POINT_AT)))
(print (map (fn (i) (ptr-ref et_global_table :int32 (* 4 i))) '(0 1 2 3)))
(define (count) et_global_count)                ; inside a procedure too
(et-global-bump)
(print (count))
;; libc's: a FILE* for C's stdio functions
(load-library "c" :header "stdio.h")
(print (pointer? stdout))
