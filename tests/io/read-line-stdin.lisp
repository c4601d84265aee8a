;; stdin: first\nsecond\nthird
(let loop ((line (read-line)) (n 1))
  (when line
    (printf "~a: ~a~%" n line)
    (loop (read-line) (+ n 1))))
(print (read-line))
