;; Variadic C functions: each extra argument passes by its value's class.
(load-library "c" :header "stdio.h")
(flush-output)
(dprintf 1 "int %ld, double %.3f, string %s, char %c, bool %d, nil %p\n" 42 2.71828 "hi" #\x #t nil)
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
;; under the FFI safety checks, calls of one variadic function with
;; different extra arguments each go through a guard of their own shape
(flush-output)
(with-ffi-safety-checks
  (dprintf 1 "%d\n" 1)
  (dprintf 1 "%d %s\n" 2 "two")
  (dprintf 1 "%d %s %.1f %d %d %d %d %d %d\n" 3 "three" 3.5 1 2 3 4 5 6))
