;; skip wasm32: no wasm32 build of GLib here
;; define-callback (pointer parameters and void by default, or as given),
;; and GLib's g_signal_connect macro as stdlib's g-signal-connect!.
(load-library "libc.so.6" :header "stdlib.h")
(define-callback cmp (fn (a b) (- (ptr-ref a :int) (ptr-ref b :int))) :return :int)
(define arr (c-alloc 12))
(ptr-set! arr :int 3) (ptr-set! arr :int 1 4) (ptr-set! arr :int 2 8)
(qsort arr 3 4 cmp)
(print (list (ptr-ref arr :int) (ptr-ref arr :int 4) (ptr-ref arr :int 8)))
(load-header-with-lib "glib-object.h" "gobject-2.0")
(define obj (g-object-new G_TYPE_OBJECT nil))
(define notified nil)
(define-callback on-notify (fn (object pspec data) (set! notified (list (g-param-spec-get-name pspec) (ptr-ref data :int)))))
(define data (c-alloc 4))
(ptr-set! data :int 77)
(print (> (g-signal-connect! obj "notify" on-notify data) 0))
(define spec (g-param-spec-int "x" "x" "an x" 0 10 5 G_PARAM_READWRITE))
(g-signal-emit-by-name obj "notify" spec)
(print notified)
;; GLib's macros made of calls: a checked cast, a type check, the
;; g_signal_connect macro itself
(print (list (G_IS_OBJECT obj) (G_IS_OBJECT (G_OBJECT obj))))
(print (> (g_signal_connect obj "notify" on-notify data) 0))
