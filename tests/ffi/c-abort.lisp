;; A C function that calls abort (as a failed assert does) ends the program
;; with SIGABRT, after the output so far is written and a line says what
;; happened.
(print "written before the abort")
(ffi-call "libc.so.6" "abort" () :void)
(print "never printed")
