;; guard, raise and R7RS's error objects (4.2.7, 6.11): guard binds what was
;; raised and tries its clauses as cond's, raising it again when none
;; applies; an uncaught raise of another object names it.
(print (guard (e (#t (list 'caught e))) (raise 42)))
(print (guard (e ((symbol? e) (list 'symbol e)) ((string? e) (list 'string e))) (raise "boom")))
(print (guard (e ((error-object? e) (list (error-object-message e) (error-object-irritants e)))) (error "bad thing:" 1 2)))
(print (guard (e ((assq 'a e) => cdr) ((assq 'b e))) (raise (list (cons 'a 42)))))
(print (guard (e ((assq 'a e) => cdr) ((assq 'b e))) (raise (list (cons 'b 23)))))
(print (guard (e (else (list 'else e))) (+ 1 (raise-continuable 'oops))))
(print (guard (e ((string? e) 'outer)) (guard (e2 ((number? e2) 'inner)) (raise "not a number"))))
(print (guard (e (#t (error-object? e))) (car 5)))
(print (guard (e (#t (error-object-message e))) (vector-ref (vector) 0)))
(print (list (error-object? 5) (guard (e (#t (error-object? e))) (raise 5))))
(print (try (raise 'unhandled) (catch e (list (error? e) (error-message e)))))
(print (guard (e ((number? e) (* e 2))) 10))
(raise 'at-the-end)
