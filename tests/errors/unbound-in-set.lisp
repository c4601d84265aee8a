(set! never-defined 5)
