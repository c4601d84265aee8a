(printf "~a-~s~%" "x" "y")
(printf "no newline")
(printf "~%")
(fprintf (current-output-port) "to port ~a~%" 1)
