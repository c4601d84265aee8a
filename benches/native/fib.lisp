;; Naive recursive fib: calls and fixnum arithmetic.
(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
(let n (string->number (car (command-line-args))))
(printf "fib(~a) = ~a~%" n (fib n))
