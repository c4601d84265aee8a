;; The roadmap's GTK4 program (5.1): an application whose window holds a box
;; with margins, a label, and a button whose handler, an Elle closure, prints
;; and closes the window.
;;
;;   elle examples/gtk4-app.lisp                 a window until you click
;;   ellec examples/gtk4-app.lisp -o gtk4-app && ./gtk4-app
;;   ./gtk4-app 1500
;;       clicks the button itself 1500 ms after the window is shown
;;       (how the tests run it, under xvfb-run)

; Debian's header is gtk/gtk.h and its library the pkg-config package gtk4
(load-header-with-lib "gtk/gtk.h" "gtk4")

(define args (command-line-args))
(define click-after (if (pair? args) (string->number (car args)) #f))

; Create application
(let app (gtk-application-new "com.example.HelloElleGTK" 0))

; Define activate callback (GTK passes the application and the user data)
(define (on-activate app data)
  (let window (gtk-application-window-new app))
  (gtk-window-set-title window "Hello from Elle!")
  (gtk-window-set-default-size window 400 300)

  (let box (gtk-box-new GTK_ORIENTATION_VERTICAL 0))
  (gtk-widget-set-margin-top box 12)
  (gtk-widget-set-margin-bottom box 12)
  (gtk-widget-set-margin-start box 12)
  (gtk-widget-set-margin-end box 12)

  (let label (gtk-label-new "Welcome to Elle!"))
  (gtk-box-append box label)

  (let button (gtk-button-new-with-label "Click me"))
  (g-signal-connect! button "clicked"
    (make-c-callback
      (fn [widget data]
        (print "Button clicked from Elle!")
        (gtk-window-close window))
      :args (:pointer :pointer)
      :return :void)
    nil)
  (gtk-box-append box button)

  (gtk-window-set-child window box)
  (gtk-widget-show window)

  ; with a delay: click the button once, that many milliseconds from now
  (when click-after
    (g-timeout-add click-after
      (make-c-callback
        (fn [data]
          (gtk-widget-activate button)
          G_SOURCE_REMOVE)
        :args (:pointer)
        :return :int)
      nil)))

; Connect and run
(g-signal-connect! app "activate"
  (make-c-callback on-activate :args (:pointer :pointer) :return :void)
  nil)

(g-application-run app 0 nil)
