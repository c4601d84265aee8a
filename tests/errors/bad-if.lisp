(print "nothing runs")
(if)
