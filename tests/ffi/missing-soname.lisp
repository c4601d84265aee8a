(load-library "libdoesnotexist.so.9")
(print 1)
