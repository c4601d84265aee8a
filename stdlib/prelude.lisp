;;; prelude.lisp — Elle's derived forms and the built-ins that call procedures.
;;;
;;; Loaded into every session before the program. The special forms are few
;;; (quote quasiquote if define set! fn lambda let begin while match try
;;; defmacro include import); everything below is defined here, once, in
;;; Elle, and means the same in every executor.

;; ---- derived forms ------------------------------------------------------

(defmacro when (test &rest body)
  `(if ,test (begin ,@body) nil))

(defmacro unless (test &rest body)
  `(if ,test nil (begin ,@body)))

;; cond, and, or, let* and case build their whole expansion in one step, a
;; loop from the last clause, so a form with thousands of clauses (generated
;; code has them) costs time in proportion to its size.
(defmacro cond (&rest clauses)
  (let loop ((cs (reverse clauses)) (acc nil) (last? #t))
    (if (null? cs)
        acc
        (let ((c (car cs)))
          (if (not (pair? c))
              (error "cond: each clause is (test body...), got" c)
              (loop (cdr cs)
                    (if (eq? (car c) 'else)
                        (if last?
                            `(begin ,@(cdr c))
                            (error "cond: else must be the last clause, got" c))
                        (if (null? (cdr c))
                            (let ((t (gensym)))
                              `(let ((,t ,(car c))) (if ,t ,t ,acc)))
                            (if (eq? (cadr c) '=>)
                                (let ((t (gensym)))
                                  `(let ((,t ,(car c))) (if ,t (,(caddr c) ,t) ,acc)))
                                `(if ,(car c) (begin ,@(cdr c)) ,acc))))
                    #f))))))

;; Both keep the value of the test that decides (nil and #f are both false).
(defmacro and (&rest xs)
  (if (null? xs)
      #t
      (let loop ((rs (cdr (reverse xs))) (acc (last xs)))
        (if (null? rs)
            acc
            (loop (cdr rs) (let ((t (gensym))) `(let ((,t ,(car rs))) (if ,t ,acc ,t))))))))

(defmacro or (&rest xs)
  (if (null? xs)
      #f
      (let loop ((rs (cdr (reverse xs))) (acc (last xs)))
        (if (null? rs)
            acc
            (loop (cdr rs) (let ((t (gensym))) `(let ((,t ,(car rs))) (if ,t ,t ,acc))))))))

(defmacro let* (bindings &rest body)
  (let loop ((bs (reverse bindings)) (acc `(let () ,@body)))
    (if (null? bs)
        acc
        (loop (cdr bs) `(let (,(car bs)) ,acc)))))

;; letrec is a body whose internal defines see each other (letrec*).
(defmacro letrec (bindings &rest body)
  `(let ()
     ,@(%map1 (fn (b) `(define ,(car b) ,(cadr b))) bindings)
     (let () ,@body)))

(defmacro letrec* (bindings &rest body)
  `(letrec ,bindings ,@body))

;; (do ((var init [step])...) (test result...) command...): R7RS's loop.
;; Each step is computed from the previous values, then all are bound at
;; once; the value is the last result's (nil if there is none).
(defmacro do (specs end &rest commands)
  (let ((loop (gensym)))
    (for-each (fn (s)
                (unless (and (pair? s) (symbol? (car s)) (pair? (cdr s))
                             (or (null? (cddr s)) (null? (cdddr s))))
                  (error "do: each variable is (name init [step]), got" s)))
              specs)
    (unless (pair? end)
      (error "do: expected (test result...) after the variables, got" end))
    `(let ,loop ,(%map1 (fn (s) (list (car s) (cadr s))) specs)
       (if ,(car end)
           (begin nil ,@(cdr end))
           (begin ,@commands
                  (,loop ,@(%map1 (fn (s) (if (null? (cddr s)) (car s) (caddr s))) specs)))))))

;; A clause's body may be `=> f`: f is called with the key (R7RS).
;; Like every macro here, case's expansion holds the built-in procedures it
;; calls (,memv) rather than their names, and only special forms besides: a
;; program that binds or redefines memv or cond still gets R7RS's case.
(defmacro case (key &rest clauses)
  (let ((k (gensym)))
    (let loop ((cs (reverse clauses)) (acc nil) (last? #t))
      (if (null? cs)
          `(let ((,k ,key)) ,acc)
          (let* ((c (car cs))
                 (body (if (and (pair? c) (pair? (cdr c)) (eq? (cadr c) '=>))
                           `((,(caddr c) ,k))
                           (if (pair? c) (cdr c) (error "case: each clause is ((datum...) body...), got" c)))))
            (loop (cdr cs)
                  (if (eq? (car c) 'else)
                      (if last?
                          `(begin ,@body)
                          (error "case: else must be the last clause, got" c))
                      `(if (,memv ,k ',(car c)) (begin ,@body) ,acc))
                  #f))))))

;; (%finally thunk cleanup): thunk's values, with cleanup run however thunk
;; ends (an error is raised again after it). The values are kept in a list
;; while cleanup runs, which may call values itself.
(define (%finally thunk cleanup)
  (let ((r (try (cons #t (%values-list (thunk) 0)) (catch e (list #f e)))))
    (cleanup)
    (if (car r) (apply values (cdr r)) (error (cadr r)))))

;; ---- escapes ------------------------------------------------------------
;; (call/ec proc): proc's values, or the values given to the escape
;; procedure proc receives, if it is called while proc runs. An escape
;; unwinds as an error only its own call/ec catches: a program's try and
;; guard hand it on, and %finally's cleanups (dynamic-wind, parameterize)
;; run on the way.
(define (call/ec proc)
  (let* ((tag (list 'call/ec))
         (active #t)
         (k (fn (&rest vals)
              (if active
                  (%escape tag vals)
                  (error "call/ec: the escape procedure was called after its call/ec returned"))))
         (r (try (cons #t (%values-list (proc k) 0))
                 (catch e (if (%escape-of? e tag) (cons #t (%escape-values e)) (cons #f e))))))
    (set! active #f)
    (if (car r) (apply values (cdr r)) (raise (cdr r)))))

(define call-with-escape-continuation call/ec)

;; (dynamic-wind before thunk after): with escapes the only continuations,
;; after runs once however thunk ends
(define (dynamic-wind before thunk after)
  (before)
  (%finally thunk after))

;; ---- multiple values ----------------------------------------------------
;; (values a b ...) hands other than one value over in a buffer, which the
;; receiver reads straight after the call (values.c): let-values, receive
;; and let*-values allocate nothing for them (a rest list excepted).

;; Formals (a b), (a b . rest), (a b &rest rest) or rest: (names . rest-name-or-#f).
(define (%formals who formals)
  (define (distinct names rest)
    (let check ((ns (if rest (cons rest names) names)))
      (when (pair? ns)
        (when (memq (car ns) (cdr ns))
          (error (string-append (symbol->string who) ": a name appears twice in the formals") formals))
        (check (cdr ns))))
    (cons (reverse names) rest))
  (let loop ((f formals) (names nil))
    (cond ((null? f) (distinct names #f))
          ((symbol? f) (distinct names f))
          ((and (pair? f) (eq? (car f) '&rest) (pair? (cdr f)) (symbol? (cadr f)) (null? (cddr f)))
           (distinct names (cadr f)))
          ((and (pair? f) (symbol? (car f))) (loop (cdr f) (cons (car f) names)))
          (else (error (string-append (symbol->string who) ": formals are (name...), (name... . rest) or a name, got")
                       formals)))))

;; Forms that check the values `tmp` stands for and bind `formals` to them
;; around `body` (a list of forms).
(define (%values-bind who formals tmp body)
  (let* ((n (length (car formals)))
         (rest (cdr formals)))
    `((,%values-check ,tmp ,n ,(if rest #t #f) ',who)
      (let (,@(let loop ((names (car formals)) (i 0) (acc nil))
                (if (null? names)
                    (reverse acc)
                    (loop (cdr names) (+ i 1) (cons `(,(car names) (,%value-ref ,tmp ,i)) acc))))
            ,@(if rest `((,rest (,%values-list ,tmp ,n))) nil))
        ,@body))))

;; (let-values (((a b) expr) ...) body...): R7RS's; every expr sees the
;; outer scope. Each clause's values are taken into fresh names before the
;; next expr runs, then bound to the formals' names for the body.
(defmacro let-values (clauses &rest body)
  (unless (list? clauses)
    (error "let-values: expected (let-values ((formals expression)...) body...), got" clauses))
  (for-each (fn (c)
              (unless (and (pair? c) (pair? (cdr c)) (null? (cddr c)))
                (error "let-values: each clause is (formals expression), got" c)))
            clauses)
  (%let-values 'let-values clauses body))

(define (%let-values who clauses body)
  (let* ((parsed (%map1 (fn (c) (%formals who (car c))) clauses))
         (single (and (pair? clauses) (null? (cdr clauses))))
         (fresh (%map1 (fn (f) (if single f (cons (%map1 (fn (n) (gensym)) (car f)) (and (cdr f) (gensym)))))
                       parsed))
         (renames (if single
                      nil
                      (append (apply append (map (fn (f g) (map list (car f) (car g))) parsed fresh))
                              (filter (fn (b) (car b)) (map (fn (f g) (list (cdr f) (cdr g))) parsed fresh)))))
         (inner (if single body `((let ,renames ,@body)))))
    (let loop ((cs (reverse clauses)) (fs (reverse fresh)) (forms inner))
      (if (null? cs)
          `(let () ,@forms)
          (let ((tmp (gensym)))
            (loop (cdr cs) (cdr fs)
                  `((let ((,tmp ,(cadr (car cs)))) ,@(%values-bind who (car fs) tmp forms)))))))))

(defmacro let*-values (clauses &rest body)
  (if (and (pair? clauses) (pair? (cdr clauses)))
      `(let-values (,(car clauses)) (let*-values ,(cdr clauses) ,@body))
      `(let-values ,clauses ,@body)))

;; (receive formals expression body...): SRFI 8's
(defmacro receive (formals expr &rest body)
  (%let-values 'receive (list (list formals expr)) body))

(define (call-with-values producer consumer)
  (apply consumer (%values-list (producer) 0)))

;; ---- promises (R7RS 4.2.5) ------------------------------------------------
;; A promise's state is a pair (done? . value-or-thunk). Forcing a
;; delay-force promise takes over the state of the promise its thunk gives,
;; and the two then share it, so a chain of delay-forces is forced in a loop,
;; in constant space (R7RS's reference implementation).
(define-record-type %promise-type (%promise state) promise? (state %promise-state %set-promise-state!))
(%record-type-opaque! %promise-type 'promise)

(define (%lazy thunk) (%promise (cons #f thunk)))
(define (%forced value) (%promise (cons #t value)))
(define (make-promise value) (if (promise? value) value (%forced value)))

(defmacro delay-force (expression) `(%lazy (fn () ,expression)))
(defmacro delay (expression) `(%lazy (fn () (%forced ,expression))))

(define (force p)
  (if (promise? p)
      (let loop ()
        (let ((state (%promise-state p)))
          (if (car state)
              (cdr state)
              (let ((next ((cdr state))))
                (unless (promise? next)
                  (error "force: a delay-force expression gave no promise:" next))
                ;; forcing may have forced p already (a promise that forces itself)
                (unless (car (%promise-state p))
                  (let ((taken (%promise-state next)))
                    (set-car! state (car taken))
                    (set-cdr! state (cdr taken))
                    (%set-promise-state! next state)))
                (loop)))))
      p))

;; (case-lambda (params body...) ...): a procedure that runs the first clause
;; whose parameters take as many arguments as it was given.
(defmacro case-lambda (&rest clauses)
  (let ((args (gensym)) (n (gensym)))
    (define (required ps)
      (if (or (null? ps) (eq? (car ps) '&rest)) 0 (+ 1 (required (cdr ps)))))
    `(fn (&rest ,args)
       (let ((,n (,length ,args)))
         ,(let loop ((cs (reverse clauses))
                     (acc `(,error "case-lambda: no clause takes this many arguments:" ,n)))
            (if (null? cs)
                acc
                (let ((c (car cs)))
                  (unless (and (pair? c) (list? (car c)))
                    (error "case-lambda: each clause is ((params...) body...), got" c))
                  (let ((k (required (car c))))
                    (loop (cdr cs)
                          `(if ,(if (memq '&rest (car c)) `(,>= ,n ,k) `(,= ,n ,k))
                               (,apply (fn ,(car c) ,@(cdr c)) ,args)
                               ,acc))))))))))

;; (make-parameter value [converter]) is a procedure of no arguments giving
;; its value; (parameterize ((param value)...) body...) gives it another
;; (converted) while body runs, restored however body ends.
(define %parameter-swap (list 'parameter-swap))
(define %parameter-convert (list 'parameter-convert))

(define (make-parameter value &rest converter)
  (let* ((convert (if (null? converter) (fn (x) x) (car converter)))
         (v (convert value)))
    (fn (&rest args)
      (cond ((null? args) v)
            ((eq? (car args) %parameter-swap) (let ((old v)) (set! v (cadr args)) old))
            ((eq? (car args) %parameter-convert) (convert (cadr args)))
            (else (error "a parameter takes no arguments, got" args))))))

(define (%parameterize params values thunk)
  (let* ((new (map (fn (p v) (p %parameter-convert v)) params values))
         (old (map (fn (p v) (p %parameter-swap v)) params new)))
    (%finally thunk (fn () (for-each (fn (p v) (p %parameter-swap v)) params old)))))

(defmacro parameterize (bindings &rest body)
  (for-each (fn (b)
              (unless (and (pair? b) (pair? (cdr b)) (null? (cddr b)))
                (error "parameterize: each binding is (parameter value), got" b)))
            bindings)
  `(%parameterize (,list ,@(%map1 car bindings)) (,list ,@(%map1 cadr bindings)) (fn () ,@body)))

;; (guard (var clause...) body...): R7RS's handler. If body raises, var is
;; bound to what was raised (the object given to raise, or the error object)
;; and the clauses are tried as cond's; when none applies, it is raised again.
(defmacro guard (spec &rest body)
  (unless (and (pair? spec) (symbol? (car spec)))
    (error "guard: expected (variable clause...), got" spec))
  (let* ((e (gensym))
         (clauses (cdr spec))
         (has-else (and (pair? clauses) (pair? (last clauses)) (eq? (car (last clauses)) 'else))))
    `(try (begin ,@body)
          (catch ,e
            (let ((,(car spec) (,%raised-object ,e)))
              (cond ,@clauses ,@(if has-else nil `((else (,raise ,e))))))))))

;; ---- lists --------------------------------------------------------------

(define (%map1 f l)
  (let loop ((l l) (acc nil))
    (if (pair? l)
        (loop (cdr l) (cons (f (car l)) acc))
        (reverse acc))))

(define (%all-pairs? ls)
  (if (null? ls) #t (if (pair? (car ls)) (%all-pairs? (cdr ls)) #f)))

;; The list procedures check their lists first (%proper-list): a circular
;; or dotted list is an error, never a loop.
(define (%proper-lists who ls)
  (for-each (fn (l) (%proper-list who l)) ls)
  ls)

(define (map f l &rest ls)
  (if (null? ls)
      (%map1 f (%proper-list 'map l))
      (let loop ((ls (%proper-lists 'map (cons l ls))) (acc nil))
        (if (%all-pairs? ls)
            (loop (%map1 cdr ls) (cons (apply f (%map1 car ls)) acc))
            (reverse acc)))))

(define (for-each f l &rest ls)
  (if (null? ls)
      (let loop ((l (%proper-list 'for-each l)))
        (when (pair? l)
          (f (car l))
          (loop (cdr l))))
      (let loop ((ls (%proper-lists 'for-each (cons l ls))))
        (when (%all-pairs? ls)
          (apply f (%map1 car ls))
          (loop (%map1 cdr ls))))))

;; (member x list [same?]) and (assoc x alist [same?]): equal? unless
;; another comparison is given (the runtime's %member and %assoc do that)
(define (%compare-by who rest)
  (unless (null? (cdr rest))
    (error (string-append (symbol->string who) ": expected 2 or 3 arguments, got") (+ 2 (length rest))))
  (car rest))

;; the first tail of l whose (key tail) is same? as x, or #f
(define (%find-tail who same? x l key)
  (let loop ((l (%proper-list who l)))
    (cond ((null? l) #f)
          ((same? x (key l)) l)
          (else (loop (cdr l))))))

(define (member x l &rest same?)
  (if (null? same?)
      (%member x l)
      (%find-tail 'member (%compare-by 'member same?) x l car)))

(define (assoc x l &rest same?)
  (if (null? same?)
      (%assoc x l)
      (let ((tail (%find-tail 'assoc (%compare-by 'assoc same?) x l
                              (fn (l) (if (pair? (car l))
                                          (caar l)
                                          (error "assoc: expected a list of pairs, got" (car l)))))))
        (and tail (car tail)))))

(define (filter keep? l)
  (let loop ((l (%proper-list 'filter l)) (acc nil))
    (cond ((null? l) (reverse acc))
          ((keep? (car l)) (loop (cdr l) (cons (car l) acc)))
          (else (loop (cdr l) acc)))))

;; (reduce f ridentity list): SRFI-1, (f elem acc) from the left.
(define (reduce f ridentity l)
  (if (null? l)
      ridentity
      (fold-left (fn (acc x) (f x acc)) (car l) (cdr (%proper-list 'reduce l)))))

;; (fold-left f init list...): (f acc elem...) from the left (R6RS).
(define (fold-left f init l &rest ls)
  (if (null? ls)
      (let loop ((acc init) (l (%proper-list 'fold-left l)))
        (if (pair? l) (loop (f acc (car l)) (cdr l)) acc))
      (let loop ((acc init) (ls (%proper-lists 'fold-left (cons l ls))))
        (if (%all-pairs? ls)
            (loop (apply f acc (%map1 car ls)) (%map1 cdr ls))
            acc))))

;; (fold-right f init list): (f elem acc) from the right (R6RS).
(define (fold-right f init l)
  (let loop ((acc init) (l (reverse (%proper-list 'fold-right l))))
    (if (pair? l) (loop (f (car l) acc) (cdr l)) acc)))

;; (sort sequence less?): a stable merge sort of a list or vector.
(define (sort seq less?)
  (define (merge a b)
    (let loop ((a a) (b b) (acc nil))
      (cond ((null? a) (append (reverse acc) b))
            ((null? b) (append (reverse acc) a))
            ((less? (car b) (car a)) (loop a (cdr b) (cons (car b) acc)))
            (else (loop (cdr a) b (cons (car a) acc))))))
  (define (msort l n)
    (if (< n 2)
        (if (= n 0) nil (list (car l)))
        (let ((half (quotient n 2)))
          (merge (msort l half) (msort (list-tail l half) (- n half))))))
  (if (vector? seq)
      (list->vector (msort (vector->list seq) (vector-length seq)))
      (msort seq (length (%proper-list 'sort seq)))))

(define (iota n &rest start)
  (unless (and (integer? n) (exact? n) (>= n 0))
    (error "iota: expected a count (a non-negative integer), got" n))
  (let ((s (if (null? start) 0 (car start))))
    (let loop ((i (- n 1)) (acc nil))
      (if (< i 0) acc (loop (- i 1) (cons (+ s i) acc))))))

;; ---- vectors ------------------------------------------------------------

;; vector-map and vector-for-each take one or more vectors and stop at the
;; shortest, as map and for-each do with lists.
(define (%shortest who vs)
  (let loop ((vs vs) (n #f))
    (if (null? vs)
        n
        (let ((v (car vs)))
          (unless (vector? v)
            (error (string-append (symbol->string who) ": expected a vector, got") v))
          (let ((k (vector-length v)))
            (loop (cdr vs) (if (and n (< n k)) n k)))))))

(define (vector-map f v &rest vs)
  (let* ((all (cons v vs))
         (n (%shortest 'vector-map all))
         (out (make-vector n nil)))
    (let loop ((i 0))
      (when (< i n)
        (vector-set! out i (if (null? vs)
                               (f (vector-ref v i))
                               (apply f (%map1 (fn (x) (vector-ref x i)) all))))
        (loop (+ i 1))))
    out))

(define (vector-for-each f v &rest vs)
  (let* ((all (cons v vs))
         (n (%shortest 'vector-for-each all)))
    (let loop ((i 0))
      (when (< i n)
        (if (null? vs)
            (f (vector-ref v i))
            (apply f (%map1 (fn (x) (vector-ref x i)) all)))
        (loop (+ i 1))))))

;; ---- strings --------------------------------------------------------------

;; string-map and string-for-each take one or more strings and stop at the
;; shortest; string-map's procedure returns characters.
(define (string-map f s &rest ss)
  (list->string
   (%map1 (fn (c)
            (if (char? c) c (error "string-map: expected the procedure to give a character, got" c)))
          (apply map f (string->list s) (%map1 string->list ss)))))

(define (string-for-each f s &rest ss)
  (apply for-each f (string->list s) (%map1 string->list ss)))

;; ---- ports ------------------------------------------------------------------

;; (with-output-to-string thunk): what thunk writes to the current output
;; port, as a string; the port is restored however thunk ends.
(define (with-output-to-string thunk)
  (let* ((port (open-output-string))
         (old (%set-current-port! 1 port)))
    (%finally (fn () (thunk) (get-output-string port))
              (fn () (%set-current-port! 1 old)))))

;; R7RS's file and port procedures, on open-file and close-port
(define (open-input-file path) (open-file path :read))
(define (open-output-file path) (open-file path :write))
(define (flush-output-port &rest port) (apply flush-output port))

;; (call-with-port port proc): proc's values; the port is closed however proc ends
(define (call-with-port port proc)
  (%finally (fn () (proc port)) (fn () (close-port port))))

(define (call-with-input-file path proc) (call-with-port (open-input-file path) proc))
(define (call-with-output-file path proc) (call-with-port (open-output-file path) proc))

;; thunk's values, with the file as the current input (0) or output (1) port
(define (%with-file-port which port thunk)
  (let ((old (%set-current-port! which port)))
    (%finally thunk (fn () (%set-current-port! which old) (close-port port)))))

(define (with-input-from-file path thunk) (%with-file-port 0 (open-input-file path) thunk))
(define (with-output-to-file path thunk) (%with-file-port 1 (open-output-file path) thunk))

;; ---- C --------------------------------------------------------------------

;; (define-callback name (fn (a b) body...) [:args (:type...)] [:return :type])
;; defines `name` as a callback (see make-c-callback). Without :args every
;; parameter is a pointer, and without :return the result is void: the shape
;; of GTK's signal handlers, (widget, data) -> void.
(defmacro define-callback (name proc &rest options)
  (let ((given (lambda (key) (let loop ((o options))
                               (cond ((null? o) #f) ((eq? (car o) key) #t) (else (loop (cddr o))))))))
    (let ((args (if (given :args)
                    nil
                    (if (and (pair? proc) (memq (car proc) '(fn lambda)) (pair? (cdr proc)) (list? (cadr proc)))
                        (list :args (map (lambda (p) :pointer) (cadr proc)))
                        (error "define-callback: give :args, or write the procedure as (fn (params...) body...)" name))))
          (ret (if (given :return) nil (list :return :void))))
      `(define ,name (make-c-callback ,proc ,@options ,@args ,@ret)))))

;; What a call of a function declared with define-c-owned-result becomes:
;; the string copied, the C one freed.
(define (%take-c-string p free)
  (if (null? p) nil (let ((s (ptr->string p))) (free p) s)))

;; GLib's g_signal_connect is a C macro standing for this call.
(defmacro g-signal-connect! (instance signal handler &rest data)
  `(g-signal-connect-data ,instance ,signal ,handler ,(if (null? data) nil (car data)) nil 0))

;; (define-enum Name A B (C 10) D) defines A = 0, B = 1, C = 10, D = 11, as C
;; numbers its enumerators; the value is the name.
(defmacro define-enum (name &rest members)
  (let loop ((ms members) (next 0) (defs nil))
    (if (null? ms)
        `(begin ,@(reverse defs) ',name)
        (let* ((m (car ms))
               (member (if (pair? m) (car m) m))
               (value (if (pair? m) (cadr m) next)))
          (unless (and (symbol? member) (integer? value))
            (error "define-enum: a member is a name or (name integer), got" m))
          (loop (cdr ms) (+ value 1) (cons `(define ,member ,value) defs))))))

;; (with-ffi-safety-checks body...): while body runs, a C function that
;; crashes (SIGSEGV, SIGBUS) in elle is an Elle error naming it, not the end
;; of the process. The REPL runs with the checks on.
(defmacro with-ffi-safety-checks (&rest body)
  (let ((old (gensym)))
    `(let ((,old (%ffi-safety #t)))
       (%finally (fn () ,@body) (fn () (%ffi-safety ,old))))))

;; (define-c-union Name field...) is (define-c-struct Name :union field...):
;; every field at offset 0.
(defmacro define-c-union (name &rest fields)
  `(define-c-struct ,name :union ,@fields))
