;; (ffi-last-error) — errno as it was right after the last C call.
(load-library "libc.so.6" :header "unistd.h")
(print (close -1))
(print (ffi-last-error))
(print (chdir "/no/such/folder/here"))
(print (ffi-last-error))
(print (> (getpid) 0))
