;; The roadmap's SDL2 program (5.2): a window, a renderer, an event loop, a
;; red rectangle on black, a clean shutdown.
;;
;;   elle examples/sdl2-game.lisp              a window until you close it
;;   ellec examples/sdl2-game.lisp -o game && ./game
;;   SDL_VIDEODRIVER=offscreen ./game 3 frame.bmp
;;       draws 3 frames with no display, saves the last as a BMP, and prints
;;       the colour inside the rectangle and outside it

;; Debian's header is SDL2/SDL.h and its library the pkg-config package sdl2
(load-header-with-lib "SDL2/SDL.h" "sdl2")

(define args (command-line-args))
(define frames (if (pair? args) (string->number (car args)) -1))
(define snapshot (if (and (pair? args) (pair? (cdr args))) (cadr args) nil))

; Initialize SDL
(sdl-init SDL_INIT_VIDEO)

; Create window
(let window (sdl-create-window "Elle SDL2 Game"
                               SDL_WINDOWPOS_CENTERED
                               SDL_WINDOWPOS_CENTERED
                               800 600
                               0))

; Create renderer (the software one: it works with and without a display)
(let renderer (sdl-create-renderer window -1 SDL_RENDERER_SOFTWARE))

; Game loop
(let running #t)
(while running
  (let event (make-struct SDL_Event))
  ; SDL_PollEvent returns 1 or 0, and 0 is true in Elle: compare
  (when (= (sdl-poll-event event) 1)
    (match (struct-get event 'type)
      (SDL_QUIT (set! running #f))
      (_ nil)))

  ; Clear and draw
  (sdl-set-render-draw-color renderer 0 0 0 255)
  (sdl-render-clear renderer)

  ; Draw rectangle
  (let rect (make-struct SDL_Rect))
  (struct-set! rect 'x 100)
  (struct-set! rect 'y 100)
  (struct-set! rect 'w 100)
  (struct-set! rect 'h 100)
  (sdl-set-render-draw-color renderer 255 0 0 255)
  (sdl-render-fill-rect renderer rect)

  ; with a frame count: stop after that many, keeping the last one
  (set! frames (- frames 1))
  (when (= frames 0)
    (let pixels (c-alloc (* 800 600 4)))
    (sdl-render-read-pixels renderer nil SDL_PIXELFORMAT_ARGB8888 pixels (* 800 4))
    (define (pixel x y) (ptr-ref pixels :uint32 (* 4 (+ x (* y 800)))))
    (printf "inside the rectangle: #x~a~%" (number->string (pixel 150 150) 16))
    (printf "outside it: #x~a~%" (number->string (pixel 20 20) 16))
    (when snapshot
      (let surface (sdl-create-rgb-surface-with-format-from pixels 800 600 32 (* 800 4) SDL_PIXELFORMAT_ARGB8888))
      (sdl-save-bmp surface snapshot)
      (sdl-free-surface surface))
    (set! running #f))

  (sdl-render-present renderer))

; Cleanup
(sdl-destroy-renderer renderer)
(sdl-destroy-window window)
(sdl-quit)
