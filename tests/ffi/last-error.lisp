;; (ffi-last-error) — errno as it was right after the last C call.
(load-library "libc.so.6" :header "unistd.h")
(load-library "libc.so.6" :header "errno.h")
(print (close -1))
(print (= (ffi-last-error) EBADF))
(print (chdir "/no/such/folder/here"))
(print (= (ffi-last-error) ENOENT))
(print (list (> ENOENT 0) (= (ffi-last-error) ENOENT)))  ; Elle's own work since leaves it
