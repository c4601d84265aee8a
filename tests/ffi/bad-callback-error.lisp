;; An error raised in a callback cannot unwind through qsort's C frames:
;; it is reported where it was raised, and the program stops.
(load-library "libc.so.6" :header "stdlib.h")
(define arr (c-alloc 8))
(print "before")
(qsort arr 2 4 (make-c-callback (fn (a b) (car (ptr-ref a :int))) :args (:pointer :pointer) :return :int))
(print "never")
