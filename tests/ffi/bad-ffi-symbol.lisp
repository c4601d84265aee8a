;; A misspelt C function is found out before anything runs.
(print "not printed")
(ffi-call "libc.so.6" "strlenn" (:string) :size_t "abc")
