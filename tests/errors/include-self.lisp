(include "include-self.lisp")
