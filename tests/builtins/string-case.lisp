(print (string-upcase "Hello, World"))
(print (string-downcase "Hello, World"))
(print (list (char-upcase #\a) (char-downcase #\Q)))
