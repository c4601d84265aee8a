;; Counts how many times it is included; the program defines included-times.
(set! included-times (+ included-times 1))
