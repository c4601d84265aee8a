; line comment
#| block
   comment #| nested |# still comment |#
(print #;(hidden form) "visible")
(print (+ 1 #;2 3)) ; trailing
#;(print "never")
