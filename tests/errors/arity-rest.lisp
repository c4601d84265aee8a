(define (at-least-two a b &rest more) more)
(at-least-two 1)
