;; args: one two "three"
(print (command-line-args))
(print (length (command-line-args)))
