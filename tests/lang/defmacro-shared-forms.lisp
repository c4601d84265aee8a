;; Forms a macro hands back whole, nested deep or shared, keep their meaning
;; (the compiler passes them on without copying).
(defmacro twice (form) `(list ,form ,form))
(define n 0)
(print (twice (begin (set! n (+ n 1)) n)))
(defmacro nest (depth body) (if (= depth 0) body `(when #t (nest ,(- depth 1) ,body))))
(print (nest 300 (+ 1 2)))
(defmacro my-and (&rest xs) (if (null? xs) #t `(if ,(car xs) (my-and ,@(cdr xs)) #f)))
(print (my-and 1 2 (pair? '(a)) (twice 3)))
;; a quoted form from a macro is the program's own, fresh data
(defmacro quoted (x) `(quote ,x))
(define q (quoted (1 2 3)))
(set-car! q 'changed)
(print q)
(print (quoted (1 2 3)))
