;; A field's place is given only with the whole struct's size and alignment.
(print "not printed")
(define-c-struct s (a :int32) (b :int32 :offset 4))
