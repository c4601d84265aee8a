;; Included by errors/include-error-inside: a reader error in an included file.
(define (ok) 1)
(define (broken x)
  (+ x "unterminated)
