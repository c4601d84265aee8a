;; call/ec (call-with-escape-continuation): an escape-only continuation.
;; Calling the escape procedure while its call/ec runs returns its
;; arguments from the call/ec, through any number of frames, try and guard
;; forms (which do not see the escape) and dynamic-wind and parameterize
;; cleanups (which run); after the call/ec has returned it is an error.
(print (call/ec (lambda (k) (+ 1 (k 42)))))
(print (call/ec (lambda (k) 7)))
(print (+ 1 (call/ec (lambda (k) (for-each (fn (x) (when (> x 2) (k x))) '(1 2 3 4)) 'none))))
(define (find-first pred l)
  (call-with-escape-continuation
    (lambda (return)
      (for-each (fn (x) (when (pred x) (return x))) l)
      #f)))
(print (list (find-first even? '(1 3 4 5 6)) (find-first even? '(1 3))))
(print (receive (a b) (call/ec (lambda (k) (k 1 2))) (list a b)))
(print (call-with-values (lambda () (call/ec (lambda (k) (k)))) list))
;; try and guard do not catch an escape
(print (call/ec (lambda (k) (try (k 'escaped) (catch e (list 'caught e))))))
(print (call/ec (lambda (k) (guard (e (#t (list 'caught e))) (k 'escaped)))))
;; errors still reach handlers inside a call/ec
(print (call/ec (lambda (k) (guard (e (#t (list 'caught (error-object-message e)))) (car 1)))))
(print (guard (e (#t (list 'outside (error-object-message e)))) (call/ec (lambda (k) (error "inner")))))
;; nested: an inner escape to the outer call/ec
(print (call/ec (lambda (outer) (list 'inner (call/ec (lambda (inner) (outer 'out)))))))
(print (call/ec (lambda (outer) (list 'inner (call/ec (lambda (inner) (inner 'in)))))))
;; cleanups run on the way out
(define trail '())
(define (note x) (set! trail (cons x trail)))
(print (call/ec (lambda (k) (dynamic-wind (lambda () (note 'before)) (lambda () (k 'escaped) (note 'not-here)) (lambda () (note 'after))))))
(print (reverse trail))
(print (dynamic-wind (lambda () (note 'in)) (lambda () 'normal) (lambda () (note 'out))))
(print (reverse trail))
(define p (make-parameter 1))
(print (list (call/ec (lambda (k) (parameterize ((p 2)) (k (p))))) (p)))
;; deep recursion escapes at once
(define (dive n k) (if (= n 0) (k 'bottom) (+ 1 (dive (- n 1) k))))
(print (call/ec (lambda (k) (dive 100000 k))))
;; an escape procedure kept past its call/ec
(define saved #f)
(print (call/ec (lambda (k) (set! saved k) 'first)))
(print (guard (e (#t (error-object-message e))) (saved 'again)))
(saved 'too-late)
