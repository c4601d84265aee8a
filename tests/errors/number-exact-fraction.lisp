;; #e1.25 is 5/4, which has no exact value in Elle (no rationals).
(print #e1.25)
