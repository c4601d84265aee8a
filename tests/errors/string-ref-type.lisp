(string-ref 'abc 0)
