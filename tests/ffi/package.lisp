;; A header's own declarations are imported, not those of the libc headers
;; it includes (bad-outside.lisp); :all-declarations imports those too.
(load-library "elletest" :header "lib/elletest-strings.h")
(print (et-string-length "four"))
(load-library "elletest" :header "lib/elletest-strings.h" :all-declarations #t)
(print (strlen "seven.."))
(print (< (strncmp "abc" "abd" 3) 0))
