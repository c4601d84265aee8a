(load-library "no-such-library-anywhere")
