(include "no-such-file.lisp")
