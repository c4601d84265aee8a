(print #z)
