;; stdin: hé\nλ ok\nlast line
;; Characters from a stream: peek-char keeps a character's bytes (up to four)
;; to be read again, and read-line and read-string see them too.
(write (list (peek-char) (peek-char) (read-char) (peek-char) (read-char) (read-char)))
(newline)
(write (list (peek-char) (read-line) (read-string 3) (read-line) (read-char) (eof-object? (peek-char))))
(newline)
