(print (list 1 "two" #\3 'four :five 6.0 [7 (8 . 9)] nil #t))
(write (list 1 "two" #\3 'four :five 6.0 [7 (8 . 9)] nil #t))
(newline)
