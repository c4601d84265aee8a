;; A packed struct with an unaligned field is passed and returned in memory,
;; as System V says, though it is small enough for a register.
(load-library "elletest" :header "lib/elletest.h")
(define p (et-make-packed 3 40))
(print (et-packed-sum p 500))
(print (et-packed-sum (et-make-packed -1 1000000) 1))
(print (et-packed-late 1 2 3 4 5 6 7 (et-make-packed 2 3) 9))
(print (et-packed-sum p (et-packed-late 0 0 0 0 0 0 0 p 0)))
