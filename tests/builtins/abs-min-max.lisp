(print (list (abs -5) (abs 5) (abs -2.5) (abs 0)))
(print (list (min 3 1 2) (max 3 1 2) (min 5) (max -1 -7)))
(print (max 1 2.0))
(print (min 1 2.0))
