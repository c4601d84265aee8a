;; A callback whose C result is a struct must give a struct of that type.
(load-library "elletest" :header "lib/elletest.h")
(define-callback make-point (fn (k) (et-make-vec2 1 2)) :args (:int32) :return et_point)
(print "before")
(print (et-call-make-point make-point 7))
