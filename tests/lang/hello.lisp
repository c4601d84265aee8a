(print "Hello, Elle!")
