;; A header whose records nest by value twenty deep, two of each at every
;; level (a million ints in the largest): imported in a moment, each record
;; modelled once.
(load-library "m" :header "lib/nested-records.h")
(print (struct-size level20))
(print (struct-size level3))
(define v (make-struct level2))
(define inner (make-struct level1))
(struct-set! inner 'b (make-struct level0 :x 7))
(struct-set! v 'b inner)
(print (struct-get (struct-get (struct-get v 'b) 'b) 'x))
(print (struct-get (struct-get (struct-get v 'a) 'b) 'x))
