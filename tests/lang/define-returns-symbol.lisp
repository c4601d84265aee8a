(print (define zz 1))
