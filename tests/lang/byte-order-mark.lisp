;; A UTF-8 byte-order mark before the first form is not part of the program.
(print "read past the mark")
