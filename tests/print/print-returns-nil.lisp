(print (print "x"))
(print (display ""))
