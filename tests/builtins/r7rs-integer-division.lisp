;; R7RS's integer divisions by rounding (6.2.6): floor-quotient and
;; floor-remainder round toward negative infinity, truncate-quotient and
;; truncate-remainder toward zero.
(print (list (floor-quotient 7 2) (floor-quotient -7 2) (floor-quotient 7 -2) (floor-quotient -7 -2) (floor-quotient 6 -2)))
(print (list (floor-remainder 7 2) (floor-remainder -7 2) (floor-remainder 7 -2) (floor-remainder -7 -2)))
(print (list (truncate-quotient -7 2) (truncate-remainder -7 2) (truncate-quotient 7 -2) (truncate-remainder 7 -2)))
(print (list (floor-quotient -7.0 2) (floor-quotient -9223372036854775808 -1) (floor-quotient -9223372036854775808 3)))
(print (try (floor-quotient 1 0) (catch e (error-message e))))
(print (try (truncate-remainder 1.5 1) (catch e (error-message e))))
