;; Variadic C functions: each extra argument passes by its value's class.
(load-library "c" :header "stdio.h")
(flush-output)
(dprintf 1 "int %ld, double %.3f, string %s, char %c, bool %d, nil %p\n" 42 2.71828 "hi" #\x #t nil)
(define (show label x) (dprintf 1 "%s: %g\n" label x))
(show "float" 1.5)
(show "float" 1e-3)
(print (dprintf 1 "%s=%ld|%s\n" "n" -7 ""))
(print (try (dprintf 1 "%s\n" 'sym) (catch e (error-message e))))
