(hash-ref '((a . 1)) 'a)
