(load-library "libc.so.6" :header "unistd.h")
(write 1 "hi\n" 3)
