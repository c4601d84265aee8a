;; define-record-type (R7RS 5.5): a new type each time the form runs,
;; constructors that take some fields (the rest start as #f), predicates,
;; accessors and modifiers; records print as #<name field: value ...>,
;; compare field by field under equal? (eqv? is identity), hash by their
;; fields, may be cyclic, and are match patterns: (<point> x y).
(define-record-type <point> (make-point x y) point? (x point-x set-point-x!) (y point-y set-point-y!))
(define p (make-point 1 2))
(print (list (point-x p) (point-y p) (point? p) (point? 5) (point? (vector 1 2)) (point? '(1 2))))
(set-point-x! p 10)
(set-point-y! p (make-point "a" #\b))
(write p) (newline)
(display p) (newline)
(print <point>)
(print (list make-point point-x))

;; a constructor taking some fields, in its own order
(define-record-type <account> (open-account owner id) account? (id account-id) (owner account-owner) (balance account-balance set-account-balance!))
(define a (open-account "ann" 7))
(print (list (account-id a) (account-owner a) (account-balance a)))
(set-account-balance! a 250)
(print a)

;; no constructor, or one taking every field by its bare name
(define-record-type <empty> #f empty?)
(print (empty? 1))
(define-record-type <pair3> kons3 pair3? (a p3-a) (b p3-b) (c p3-c))
(print (kons3 1 2 3))

;; equality and hashing
(print (list (equal? (make-point 1 2) (make-point 1 2)) (equal? (make-point 1 2) (make-point 1 3))
             (eqv? (make-point 1 2) (make-point 1 2)) (eq? p p) (equal? (make-point 1 2) (kons3 1 2 3))))
(define-record-type <point2> (make-point2 x y) point2? (x point2-x) (y point2-y))
(print (list (equal? (make-point 1 2) (make-point2 1 2)) (point? (make-point2 1 2))))
(define h (make-hash-table))
(hash-set! h (make-point 1 '(2 3)) 'found)
(print (hash-ref h (make-point 1 '(2 3))))

;; cycles print with datum labels, and equal? ends on them
(define-record-type node (make-node val) node? (val node-val) (next node-next set-node-next!))
(define n1 (make-node 1))
(define n2 (make-node 2))
(set-node-next! n1 n2)
(set-node-next! n2 n1)
(write n1) (newline)
(print (list (equal? n1 n1) (node-val (node-next (node-next n1)))))
(print (list n1 n1))

;; match: a record pattern has a pattern per field, nested patterns too
(define (describe v)
  (match v
    ((<point> 0 0) 'origin)
    ((<point> x (<point> a b)) (list 'nested x a b))
    ((<point> x y) (list 'point x y))
    ((node v _) (list 'node v))
    ((x . rest) (list 'list-of x))
    (_ 'other)))
(print (map describe (list (make-point 0 0) (make-point 1 (make-point 2 3)) (make-point 4 5) n1 '(7 8) 9 (make-point2 0 0))))

;; a type defined in a body is a new type on each call
(define (local-record a)
  (define-record-type cell (make-cell v) cell? (v cell-v set-cell-v!))
  (define c (make-cell a))
  (set-cell-v! c (* 2 (cell-v c)))
  c)
(print (list (local-record 21) (equal? (local-record 1) (local-record 1))))

;; many records: the collector keeps what is reachable
(define (build n acc) (if (= n 0) acc (build (- n 1) (make-point n acc))))
(define (sum r total) (if (point? r) (sum (point-y r) (+ total (point-x r))) total))
(print (sum (build 3000 '()) 0))

;; wrong record types are errors naming the procedure and the type
(print (guard (e (#t (error-object-message e))) (point-x 5)))
(print (guard (e (#t (error-object-message e))) (point-y (make-point2 1 2))))
(print (guard (e (#t (error-object-message e))) (set-node-next! p 1)))
(point-x (node-next n1))
