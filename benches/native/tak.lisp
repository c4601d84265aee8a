;; Takeuchi's function: deep non-tail and tail calls.
(define (tak x y z)
  (if (not (< y x)) z
      (tak (tak (- x 1) y z) (tak (- y 1) z x) (tak (- z 1) x y))))
(let n (string->number (car (command-line-args))))
(printf "tak = ~a~%" (tak (* n 3) (* n 2) n))
