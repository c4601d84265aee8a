(print (iota 5))
(print (iota 3 1))
(print (iota 0))
