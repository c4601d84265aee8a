;; Structs as a callback's result, in each System V class: in registers
;; (INTEGER; SSE SSE; SSE INTEGER, 12 bytes) and in memory (24 bytes).
(load-library "elletest" :header "lib/elletest.h")
(define-callback make-point (fn (k) (make-struct et_point :x k :y (* 2 k))) :args (:int32) :return et_point)
(print (et-call-make-point make-point 7))
(define-callback make-vec2 (fn (d) (et-make-vec2 d (/ d 2))) :args (:double) :return et_vec2)
(print (et-call-make-vec2 make-vec2 3.0))
(define-callback make-ffi3 (fn () (make-struct et_ffi3 :r 0.5 :g 0.25 :n 40)) :return et_ffi3)
(print (et-call-make-ffi3 make-ffi3))
(define-callback make-big3 (fn (k l) (make-struct et_big3 :a k :b l :c 3)) :args (:int64 :int64) :return et_big3)
(print (et-call-make-big3 make-big3 1))
;; many calls: the struct values made are collected as usual
(define total 0)
(let loop ((i 0))
  (when (< i 2000)
    (set! total (+ total (et-call-make-big3 make-big3 i)))
    (loop (+ i 1))))
(print total)
