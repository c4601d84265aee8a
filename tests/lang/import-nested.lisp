(import "lib/uses-shapes.lisp")
(print (total-area))
