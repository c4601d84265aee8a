;; N calls of add() from libadd.so, or the same loop without the call.
(load-library "../../target/bench/ffi/libadd.so" :header "add.h")
(let n (string->number (car (command-line-args))))
(define (with-call i acc) (if (= i n) acc (with-call (+ i 1) (add acc 1))))
(define (without i acc) (if (= i n) acc (without (+ i 1) (+ acc 1))))
(print (if (string=? (cadr (command-line-args)) "call") (with-call 0 0) (without 0 0)))
