(print (list (string=? "a" "a") (string=? "a" "b") (string=? "a" "a" "a")))
(print (list (string<? "abc" "abd") (string<? "b" "a") (string<? "ab" "abc")))
(print (string>? "b" "a"))
