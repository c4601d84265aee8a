(print 12abc)
