(print "abc)
