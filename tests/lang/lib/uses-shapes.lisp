;; Imports a file relative to this one, not to the main program.
(import "shapes.lisp")
(define (total-area) (+ (circle-area 1) (square-area 3)))
