(print "printed before the error")
(display "partial line")
(car '())
