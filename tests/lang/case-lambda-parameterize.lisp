;; case-lambda (R7RS 4.2.9) and make-parameter/parameterize (4.2.6): the
;; first clause whose parameters fit the argument count runs; a
;; parameter's value (converted) holds while the body runs and is
;; restored however it ends.
(define area (case-lambda ((r) (* 3 r r)) ((w h) (* w h)) ((a b c &rest more) (list 'many a b c more))))
(print (list (area 2) (area 3 4) (area 1 2 3) (area 1 2 3 4 5)))
(print (try (area) (catch e (error-message e))))
(define radix (make-parameter 10))
(define (show n) (number->string n (radix)))
(print (list (show 255) (parameterize ((radix 16)) (show 255)) (show 255)))
(define p (make-parameter 5 (fn (x) (* x 2))))
(print (list (p) (parameterize ((p 7)) (p)) (p)))
(print (try (parameterize ((radix 2)) (error "inside" (radix))) (catch e (error-message e))))
(print (radix))
(print (parameterize ((radix 8) (p 1)) (list (radix) (p))))
