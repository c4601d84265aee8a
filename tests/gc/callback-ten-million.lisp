;; max-rss-mib: 160
;; (a cold import cache parses the header with libclang first, ~100 MiB at its peak)
;; skip gc-stress: ten million calls
;; A callback called ten million times from C, each call allocating (a
;; float, a pointer, a list): memory stays flat.
(load-library "elletest" :header "../ffi/lib/elletest.h")
(define total 0.0)
(define cb (make-c-callback (fn (i) (set! total (+ total (* i 0.5))) (length (list i i)))
                            :args (:int64) :return :int32))
(print (et-call-n-times cb 10000000))
(print total)
(c-free cb)
