(load-library "m" :header "math.h")
(define (scale x e) (ldexp x e))
(print (scale 1.0 3))
(print (scale 1.0 4294967296))
