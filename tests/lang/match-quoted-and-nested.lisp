(define (eval-expr e)
  (match e
    (('add a b) (+ (eval-expr a) (eval-expr b)))
    (('mul a b) (* (eval-expr a) (eval-expr b)))
    (('neg a) (- (eval-expr a)))
    (n n)))
(print (eval-expr '(add 1 (mul 2 (neg 3)))))
(print (match '(point 1 2) (('point x y) (+ x y)) (_ 'no)))
(print (match 'foo ('foo 'matched) (_ 'no)))
