;; A header whose records nest by value forty deep, two of each at every
;; level (2^40 ints in the largest): imported in a moment, each record
;; modelled once, its offsets found without visiting every nested field.
(load-library "m" :header "lib/nested-records.h")
(print (struct-size level20))
(print (struct-size level40))
(print (struct-size level3))
(define v (make-struct level2))
(define inner (make-struct level1))
(struct-set! inner 'b (make-struct level0 :x 7))
(struct-set! v 'b inner)
(print (struct-get (struct-get (struct-get v 'b) 'b) 'x))
(print (struct-get (struct-get (struct-get v 'a) 'b) 'x))
;; offsets of records that deep by C's rule, or by clang where attributes,
;; packing or bitfields change it (the values are gcc's)
(print (list (offsetof plain_deep c) (offsetof plain_deep a) (offsetof plain_deep d) (offsetof plain_deep e) (offsetof plain_deep f) (sizeof plain_deep)))
(print (list (offsetof either c) (offsetof either a) (offsetof either d) (sizeof either)))
(print (list (offsetof packed2 c) (offsetof packed2 a) (offsetof packed2 d) (offsetof packed2 e) (sizeof packed2)))
(print (list (offsetof packed_record c) (offsetof packed_record a) (offsetof packed_record d) (sizeof packed_record)))
(print (list (offsetof with_packed_field c) (offsetof with_packed_field x) (offsetof with_packed_field a) (offsetof with_packed_field d) (sizeof with_packed_field)))
(print (list (offsetof with_aligned_field c) (offsetof with_aligned_field a) (offsetof with_aligned_field d) (sizeof with_aligned_field)))
(print (list (offsetof with_bits c) (offsetof with_bits a) (offsetof with_bits d) (sizeof with_bits)))
