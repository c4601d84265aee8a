(defmacro make-if () '(if))
(make-if)
