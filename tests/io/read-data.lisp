;; read (R7RS 6.13.2): the data the compiler reads, from any input port,
;; the eof object at the end; char-ready? on string ports.
(define (read-all text)
  (let ((port (open-input-string text)))
    (let loop ((acc '()))
      (let ((d (read port)))
        (if (eof-object? d) (reverse acc) (loop (cons d acc)))))))
;; each text read at run time is what the compiler read of the same text
(define cases
  (list (cons "42" '42) (cons "-7" '-7) (cons "18446744073709551615" '18446744073709551615)
        (cons "3.5" '3.5) (cons "1e10" '1e10) (cons "+inf.0" '+inf.0) (cons "#x1F" '#x1F) (cons "#e1.5e2" '#e1.5e2)
        (cons "\"a\\tb\\n\\\\\\\"\\x3bb;\"" '"a\tb\n\\\"\x3bb;") (cons "\"λ \\x1F600;\"" '"λ \x1F600;")
        (cons "#\\a" '#\a) (cons "#\\space" '#\space) (cons "#\\x41" '#\x41) (cons "#\\(" '#\() (cons "#\\λ" '#\λ)
        (cons "#t" '#t) (cons "#false" '#false) (cons "nil" 'nil) (cons "()" '())
        (cons ":int" ':int) (cons "foo" 'foo) (cons "set-car!" 'set-car!) (cons "->x" '->x) (cons "..." '...)
        (cons "(a b . c)" '(a b . c)) (cons "(1 (2 (3)) . 4)" '(1 (2 (3)) . 4))
        (cons "[1 2 3]" '[1 2 3]) (cons "#(1 #(2) \"s\")" '#(1 #(2) "s")) (cons "#u8(137 80 0 255)" '#u8(137 80 0 255))
        (cons "'x" ''x) (cons "`(a ,b ,@c)" '`(a ,b ,@c))
        (cons "(a ; a comment\n b #| a #| nested |# block |# c #;(skipped datum) d)" '(a b c d))))
(for-each (fn (c)
            (let ((got (read (open-input-string (car c)))))
              (unless (equal? got (cdr c))
                (print (list 'differs (car c) got (cdr c))))))
          cases)
(print (length cases))
(write (read-all "(define (f x) (* x 2)) #(1 2) \"s\" #\\x 3.0 sym")) (newline)
(print (list (read (open-input-string "")) (read (open-input-string "   ; only a comment\n"))))
;; read takes one datum and leaves the rest
(define port (open-input-string "(1 2)rest 7"))
(print (list (read port) (read-char port) (read port) (read port) (eof-object? (read port))))
;; char-ready? on a string port: always, at its end too
(define q (open-input-string "ab"))
(print (list (char-ready? q) (read-char q) (read-char q) (char-ready? q) (eof-object? (read-char q))))
;; deep data reads (and prints) without running out of stack
(define deep (read (open-input-string (string-append (make-string 5000 #\() (make-string 5000 #\))))))
(print (let loop ((d deep) (n 0)) (if (null? d) n (loop (car d) (+ n 1)))))
;; bad data is an error naming what is wrong
(for-each (fn (text)
            (print (guard (e (#t (error-object-message e))) (read (open-input-string text)))))
          (list "(1 2" ")" "(1 . )" "(1 . 2 3)" "( . 1)" "[1 . 2]" "#(1 2]" "\"abc" "#\\bogus" "1x2" "#z"
                "#u8(1 300)" "'" "\"\\q\"" "#| open" "#;" ":"
                (make-string 20000 #\()))
