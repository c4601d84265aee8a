(print (read-line))
