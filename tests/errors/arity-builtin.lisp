(print (cons 1))
