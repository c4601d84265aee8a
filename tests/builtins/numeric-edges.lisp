;; Numbers at their edges: integers and floats compare exactly (an integer
;; past 2^53 has no float of its own), 0 to a negative power is division by
;; zero, and iota wants a count.
(define (show thunk) (print (try (thunk) (catch e (error-message e)))))
(print (= 9223372036854775807 9223372036854775808.0))
(print (< 9223372036854775807 9223372036854775808.0))
(print (> 9223372036854775808.0 9223372036854775807))
(print (= -9223372036854775808 -9223372036854775808.0))
(print (= 9007199254740993 9007199254740992.0))
(print (< 9007199254740992.0 9007199254740993))
(print (list (= 1 1.0) (< 2 2.5) (> -3 -3.5) (= 7 +nan.0) (< 7 +inf.0) (> 7 -inf.0)))
(print (max 9007199254740993 9007199254740992.0))
(show (fn () (expt 0 -1)))
(print (list (expt 0 0) (expt 2 -1) (expt 0.0 -1) (expt 2 10)))
(show (fn () (iota 2.5)))
(show (fn () (iota +nan.0)))
(show (fn () (iota -1)))
(print (list (iota 0) (iota 3) (iota 3 1) (iota 2 0.5)))
