(define (area w h) (* w h))
(print "nothing runs")
(print (area 3))
