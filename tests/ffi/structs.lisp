;; Structs from Elle: define-c-struct, make-struct, struct-get / struct-set!,
;; nested structs, arrays in structs; a header's structs and unions by name
;; (anonymous members, bitfields); a struct passed where C takes a pointer
;; to it, C's writes visible afterwards.
(load-library "elletest" :header "lib/elletest.h")
(define-c-struct Vec2 (x :double) (y :double))
(define-c-struct Particle (id :int) (pos Vec2) (vel Vec2) (tags :uint8 4) (alive :bool))
(define p (make-struct Particle :id 7 :pos (make-struct Vec2 :x 1.5 :y -2)))
(print (list (struct-get p 'id) (struct-get (struct-get p 'pos) 'x) (struct-get (struct-get p 'vel) 'y)))
(struct-set! p 'tags [1 2 3 255])
(struct-set! p 'alive #t)
(print (list (struct-get p 'tags) (struct-get p 'alive)))
(struct-set! p 'vel (make-struct Vec2 :x 0.25 :y 0.5))
(print (struct-get (struct-get p 'vel) 'y))
(print (list (struct-size Particle) (sizeof Vec2) (struct-size p) (struct? p)))
(print p)
;; a header's types
(define pt (make-struct et_point :x 3 :y 4))
(print (et-point-sum pt))
(print (struct-get (et-point-swap pt) 'x))
(et-point-scale pt 10)
(print (list (struct-get pt 'x) (struct-get pt 'y) (et-point-read pt)))
(load-library "elletest" :header "lib/layouts.h")
(define a (make-struct et_anon :kind 2 :as_float 1.5 :y -9))
(print (list (struct-get a 'kind) (struct-get a 'as_float) (struct-get a 'y) (struct-get a 'x)))
(define b (make-struct et_bits :a 5 :b 100 :c -1000 :d 200))
(print (list (struct-get b 'a) (struct-get b 'b) (struct-get b 'c) (struct-get b 'd)))
(define ev (make-struct et_event :type 1024))
(print (struct-get (struct-get ev 'motion) 'type))
(define arrays (make-struct et_arrays))
(struct-set! arrays 'grid [1.0 2.0 3.0 4.0])
(print (struct-get arrays 'grid))
;; a pointer C returns to a struct Elle knows is typed: fields read and
;; write through it
(define origin (et-origin))
(print (list (struct-get origin 'x) (struct-get origin 'y)))
(struct-set! origin 'y 8)
(print (struct-get (et-origin) 'y))
(struct-set! origin 'y 7)
(print (et-point-read origin))
;; a struct C points to, copied out
(define o (ptr->struct (et-origin) et_point))
(print (list (struct-get o 'x) (struct-get o 'y)))
(define cell (c-alloc 8))
(ptr-set! cell :int 5)
(ptr-set! cell :int 6 4)
(print (et-point-sum (ptr->struct cell et_point)))
;; a struct that begins with another passes where C takes a pointer to
;; either (up and down the chain, as C casts GtkWindow and GtkWidget)
(define derived (et-new-derived))
(print (list (et-base-kind derived) (et-derived-extra (et-as-base derived)) (struct-get (struct-get derived 'base) 'kind)))
;; and a pointer C gave passes where C takes a pointer to a type whose
;; insides the header hides (GTK 4's GtkLabel): C code would cast it
(print (et-hidden-kind derived))
;; the errors
(define (err thunk) (try (thunk) (catch e (print (error-message e)))))
(err (fn () (struct-get p 'nope)))
(err (fn () (struct-set! p 'pos 5)))
(err (fn () (struct-set! b 'a 8)))
(err (fn () (struct-set! p 'tags [1 2])))
(err (fn () (struct-get 5 'x)))
(err (fn () (ptr->struct (ptr+ cell 4) et_point)))
(err (fn () (ptr->struct nil et_point)))
(err (fn () (struct-get cell 'x)))
(err (fn () (struct-get origin 'z)))
(err (fn () (et-point-read (make-struct Vec2 :x 1 :y 2))))
(err (fn () (et-point-scale p 2)))
;; an Elle struct value is not cast: it is not a hidden type's
(err (fn () (et-hidden-kind (make-struct et_point :x 1))))
