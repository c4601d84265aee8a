;; stdin: (a "b" #\c) 42\n[1 2] trailing
;; read from standard input (the current input port), and char-ready?
;; where input is waiting (node's WASI reports a pipe never ready: #f).
(print (read))
;; the rest of the input has come with the first datum's (one small write)
(print (char-ready?))
(print (read))
(print (read (current-input-port)))
(print (read))
(print (eof-object? (read)))
