(error 'my-proc "went wrong" 42)
