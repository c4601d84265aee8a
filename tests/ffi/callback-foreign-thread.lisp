;; skip wasm32: WebAssembly here has no threads
;; C calls a callback from a thread it started (pthread_create): Elle code
;; runs on Elle's own thread only, so the program stops with a message and
;; exit status 1 in every executor, the output so far written.
(load-library "elletest" :header "lib/elletest.h")
(define twice (make-c-callback (fn (i) (* i 2)) :args (:int64) :return :int32))
(print (et-call-n-times twice 3))
(print "before the thread")
(et-call-on-thread twice 21)
(print "never printed")
