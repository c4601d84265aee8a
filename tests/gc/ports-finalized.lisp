;; skip gc-stress: opens 5,000 files
;; Ports that are dropped without close-file are closed by the collector;
;; otherwise the process would run out of file descriptors.
(write-file "/tmp/elle-gc-port.txt" "line\n")
(define (open-many n)
  (when (> n 0)
    (read-line (open-file "/tmp/elle-gc-port.txt"))
    (open-many (- n 1))))
(open-many 5000)
(print "no descriptor leak")
