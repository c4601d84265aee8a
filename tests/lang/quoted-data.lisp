;; Quoted data of every kind, as compiled code builds it at start-up: a
;; quoted object is one object.
(define data '(1 -7 4611686018427387904 -9223372036854775808 2.5 -0.0 +inf.0
               "text" "" "tab\there" #\x sym :key () #t #f
               (nested (list . tail)) [1 [2 "three"] ()] "√ünïcödé"))
(for-each (fn (x) (write x) (newline)) data)
(define (constant) '(a b))
(print (eq? (constant) (constant)))
(defmacro gensyms () `'(,(gensym) ,(gensym)))
(define g (gensyms))
(print (list (symbol? (car g)) (eq? (car g) (cadr g))))
(defmacro prim () `(quote ,car))
(print ((prim) '(first second)))
