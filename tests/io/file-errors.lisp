;; serial: writes /tmp/elle-test-io-3.txt, as every executor's run does
(print (try (read-file "/nonexistent/x.txt") (catch e (error-message e))))
(print (try (open-file "/nonexistent/x.txt") (catch e (error-message e))))
(print (try (open-file "/tmp/x" :sideways) (catch e (error-message e))))
(define p (open-file "/tmp/elle-test-io-3.txt" :write))
(close-file p)
(print (try (display "x" p) (catch e (error-message e))))
(define r (open-file "/tmp/elle-test-io-3.txt"))
(print (try (display "x" r) (catch e (error-message e))))
