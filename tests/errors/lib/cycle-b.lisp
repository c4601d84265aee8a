(include "../include-cycle.lisp")
