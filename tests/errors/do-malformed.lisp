;; A do variable is (name init [step]): anything else is an error at the form.
(print (do ((i 0 1 2)) ((= i 3) i)))
