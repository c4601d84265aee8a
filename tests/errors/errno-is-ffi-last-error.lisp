;; C's errno is a macro for a thread's variable: the message says where Elle keeps it.
(load-library "libc.so.6" :header "errno.h")
(print errno)
