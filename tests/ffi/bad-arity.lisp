(load-library "m" :header "math.h")
(print "nothing runs")
(print (pow 2))
