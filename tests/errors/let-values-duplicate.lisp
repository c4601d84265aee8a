;; A name appears once in let-values' formals.
(print (let-values (((a a) (values 1 2))) a))
