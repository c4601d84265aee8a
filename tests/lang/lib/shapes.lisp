;; Included by lang/include and lang/import-nested.
(define pi 3.14159)
(define (circle-area r) (* pi r r))
(define (square-area s) (* s s))
