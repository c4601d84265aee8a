(defmacro bad () (let ((l (list (quote +) 1 2))) (set-cdr! (cddr l) l) l))
(print (bad))
