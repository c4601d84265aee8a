;; Strings by Unicode's full case mappings (R7RS 6.7): ß upcases to SS, a
;; capital sigma downcases to final ς at the end of a word, İ downcases to
;; i and a combining dot; the -ci comparisons compare full case foldings.
(print (string-upcase "straße"))
(print (string-upcase "ﬁne ǆ λ"))
(print (string-downcase "ΟΔΟΣ ΣΑΣ Σ"))
(print (string-downcase "ΌΣΟΣ'Σ"))
(print (list (string-downcase "İ") (string-length (string-downcase "İ"))))
(print (string-foldcase "Straße ΣΑΣ ﬁ"))
(print (list (string-upcase "") (string-downcase "ASCII only") (string-upcase "ascii only")))
(print (list (string-ci=? "Straße" "STRASSE" "strasse") (string-ci=? "a" "b")
             (string-ci<? "apple" "Banana") (string<? "apple" "Banana")
             (string-ci>? "b" "A") (string-ci<=? "a" "A" "b") (string-ci>=? "B" "b" "a")))
(print (list (string<=? "a" "a" "b") (string<=? "b" "a") (string>=? "b" "b" "a") (string>=? "a" "b")))
(print (try (string-foldcase 'x) (catch e (error-message e))))
(print (try (string-ci=? "a" #\a) (catch e (error-message e))))
