(load-library "m" :header "math.h")
(defmacro at-compile-time () (pow 2 3))
(print (at-compile-time))
