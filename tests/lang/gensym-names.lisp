(define g (gensym "tmp"))
(print (symbol? g))
(print (string=? (substring (symbol->string g) 0 3) "tmp"))
