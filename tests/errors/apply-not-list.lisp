(apply + 1 2)
