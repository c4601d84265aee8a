(print ')
