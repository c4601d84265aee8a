(defmacro bad (x) (car x))
(bad 5)
