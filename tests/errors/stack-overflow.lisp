;; skip gc-stress: fills the stack with a million frames
(define (forever n) (+ 1 (forever (+ n 1))))
(forever 0)
