(try (error "first") (catch e (error "second, while handling" (error-message e))))
