;; member and assoc take a comparison procedure (R7RS 6.4); without one
;; they use equal?.
(print (list (member 2.0 '(1 2 3) =) (member 2.0 '(1 2 3)) (member "B" '("a" "b" "c") string-ci=?)
             (member 5 '(1 2 3) <) (member 0 '(1 2 3) <)))
(print (list (assoc 2.0 '((1 . a) (2 . b)) =) (assoc 2.0 '((1 . a) (2 . b))) (assoc "B" '(("a" . 1) ("b" . 2)) string-ci=?)
             (assoc '(1) '(((1) . x))) (assoc 3 '((1 . a)) =)))
(print (guard (e (#t (error-object-message e))) (member 1 '(1) = 'extra)))
(print (guard (e (#t (error-object-message e))) (assoc 1 '(5) =)))
(print (guard (e (#t (error-object-message e))) (member 1 5 =)))
(print (guard (e (#t (error-object-message e))) (member 1 5)))
