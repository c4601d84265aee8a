;; include a file that includes this one
(include "lib/cycle-b.lisp")
