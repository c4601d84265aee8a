(define-c-struct A (x :int 4611686018427387904))
(print (sizeof A))
