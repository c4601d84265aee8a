(print (vector-map (fn (x) (* x 10)) [1 2 3]))
(vector-for-each (fn (x) (display x) (display ",")) [a b c])
(newline)
(print (vector-map (fn (x) x) []))
