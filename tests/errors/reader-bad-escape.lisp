(print "a\qb")
