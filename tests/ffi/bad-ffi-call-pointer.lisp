;; A call through a function pointer is checked against its signature.
(load-library "elletest" :header "lib/elletest.h")
(define add (et-get-adder))
(print "not printed")
(print (ffi-call-pointer add (:int32 :int32) :int32 1))
