;; stdin: typed line\nsecond
(display "prompt> ")
(flush-output)
(print (read-line (current-input-port)))
(print (read-line))
(flush-output (current-output-port))
(print (read-line (current-input-port)))
(print (try (read-line (current-output-port)) (catch e (error-message e))))
