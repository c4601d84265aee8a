;; Non-tail recursion a million frames deep runs in every executor; far
;; deeper is the catchable error "recursion too deep", and the program goes
;; on.
(define (sum n) (if (= n 0) 0 (+ n (sum (- n 1)))))
(print (sum 1000000))
(print (try (sum 100000000) (catch e (error-message e))))
(define (count-down n) (if (= n 0) 'done (begin (count-down (- n 1)))))
(print (count-down 1000000))
(print (sum 1000))
