;; An exit status outside 0..255 is an error, not a status taken modulo 256.
(print "before")
(exit 256)
