(print (begin 1 2 3))
(begin
  (define a 1)
  (define b 2))
(print (+ a b))
(print (begin))
