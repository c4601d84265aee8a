;; serial: writes /tmp/elle-test-io-1.txt, as every executor's run does
(define path "/tmp/elle-test-io-1.txt")
(write-file path "first line\nsecond line\n")
(write (read-file path))
(newline)
(write-file path "")
(write (read-file path))
(newline)
