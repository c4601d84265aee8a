;; Variadic C functions: each extra argument passes by its value's class.
(load-library "c" :header "stdio.h")
(flush-output)
(dprintf 1 "int %ld, double %.3f, string %s, char %c, bool %d, nil %ld\n" 42 2.71828 "hi" #\x #t nil)
(define (show label x) (dprintf 1 "%s: %g\n" label x))
(show "float" 1.5)
(show "float" 1e-3)
(print (dprintf 1 "%s=%ld|%s\n" "n" -7 ""))
(print (try (dprintf 1 "%s\n" 'sym) (catch e (error-message e))))
;; more extra arguments than free registers, integers and doubles mixed:
;; those that do not fit go on the stack, in order
(define buf (c-alloc 512))
(snprintf buf 512 "%d %.1f %d %.1f %d %.1f %d %.1f %d %.1f %d %.1f %d %.1f %d %.1f %d %.1f %d %.1f"
          1 1.5 2 2.5 3 3.5 4 4.5 5 5.5 6 6.5 7 7.5 8 8.5 9 9.5 10 10.5)
(print (ptr->string buf))
(snprintf buf 512 "%.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %s %d" 1.0 2.0 3.0 4.0 5.0 6.0 7.0 8.0 9.0 10.0 11.0 "end" 12)
(print (ptr->string buf))
;; an integer passes as C's long: 64 bits on x86-64, 32 on wasm32
(print (try (begin (snprintf buf 64 "%ld" 5000000000) (ptr->string buf)) (catch e (error-message e))))
