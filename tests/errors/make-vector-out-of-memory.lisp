;; A vector longer than the system has memory for is an error the program
;; can catch, not the end of the process.
(print (try (make-vector 1000000000000) (catch e (error-message e))))
(print "goes on")
