;; The exactness prefixes #e and #i (R7RS 7.1.1), with a radix prefix in
;; either order, and +inf.0 / +nan.0 written in any case.
(print (list #e1.0 #e1.5e1 #e-2.50e2 #e1e18 #e12345678901234567890.0e-1 #e18446744073709551615.0))
(print (list #i3 #i-7 #x#i10 #i#x10 #e#x10 #e1 #i99999999999999999999999 #i1.5))
(print (list (exact? #e1.0) (inexact? #i3) (integer? #i3)))
(print (list +INF.0 -Inf.0 +inf.0 (nan? +NaN.0) (nan? -NAN.0) (nan? +nan.0)))
(print (list (string->number "#e2.5e3") (string->number "#i42") (string->number "#X#E1F")
             (string->number "+Inf.0") (string->number "#e#e1") (string->number "#x#x1") (string->number "#i")))
;; string->number gives #f for what has no exact value or is out of range
(print (list (string->number "#e0.5") (string->number "#e1e30") (string->number "#e+inf.0")))
