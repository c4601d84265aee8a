(fn x)
