(include "/nonexistent/dir/file.lisp")
