(load-library "m" :header "no/such/header.h")
(print 1)
