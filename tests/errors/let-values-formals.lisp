;; let-values' formals are names: (a b), (a . rest), (a &rest rest) or rest.
(print (let-values (((a 1) (values 1 2))) a))
