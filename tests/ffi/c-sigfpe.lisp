;; skip wasm32: WebAssembly has no signals
;; SIGFPE in C (an integer division by zero) ends the program as the signal
;; does, after the output so far is written and a line names it.
(print "written before the signal")
(ffi-call "libc.so.6" "raise" (:int) :int 8)
(print "never printed")
