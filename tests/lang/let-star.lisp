(let* ((a 1) (b (+ a 1)) (c (* b 10)))
  (print (list a b c)))
(let* () (print "ok"))
