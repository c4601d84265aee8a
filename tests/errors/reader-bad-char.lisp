(print #\notachar)
