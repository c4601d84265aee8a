;; C keeps a callback and calls it after the program freed it: a clear
;; message and exit status 1 in every executor, the output so far written.
(load-library "elletest" :header "lib/elletest.h")
(define twice (make-c-callback (fn (i) (* i 2)) :args (:int64) :return :int32))
(et-remember twice)
(print (et-call-remembered 21))
(c-free twice)
(print "freed")
(et-call-remembered 1)
(print "never printed")
