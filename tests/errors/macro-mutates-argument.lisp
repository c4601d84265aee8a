;; A macro's argument forms are the compiler's data: changing them in place
;; is an error (build a new form instead).
(defmacro swap-first (form) (set-car! form 'list) form)
(print (swap-first (vector 1 2)))
