(define (kind x)
  (case x
    ((1 2 3) 'small)
    ((a b) 'letter)
    (else 'other)))
(print (list (kind 2) (kind 'b) (kind 99)))
(print (case 5 ((1) 'one)))
