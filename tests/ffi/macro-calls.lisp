;; Function-like macros whose bodies are calls, applied to values that are
;; not constants (or to constants clang cannot fold): the call they stand for.
(load-library "elletest" :header "lib/elletest.h")
(define (x) 20)
(define y 22)
(print (ET_POINT_SUM_OF (x) y))                 ; et_point_sum(et_make_point(x, y))
(print (ET_POINT_SUM_OF 1 2))                   ; constants, but not a constant expression
(define s "first")
(print (ET_PICK_FIRST s))                       ; NULL as nil
(print (ET_WIDE_LEN s))                         ; a cast, dropped
(print (ET_TWICE_LEN (string-append s "!")))    ; a parameter used twice
(print (ET_NEGATED_SUM y))                      ; unary minus, a cast, a hex literal
(print (map (fn (n) (ET_POINT_SUM_OF n n)) '(1 2 3)))
(print (et-point-sum-of 2 3))                   ; by its Lisp name too
(print ET_GREETING_NOW)                         ; an object-like macro: et_greeting()
(print (et-base-kind (ET_CAST (et-new-derived) et_base)))   ; casts dropped
(print (ET_ALIAS_SUM (et-make-point 1 2)))      ; another name for et_point_sum
