(print "nothing runs")
(include "lib/broken.lisp")
