(display "bye")
(newline)
(exit)
(print "unreached")
