(print (list (not #f) (not nil) (not #t) (not 0) (not '(1))))
