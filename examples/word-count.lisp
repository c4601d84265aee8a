;; Counts the words of a text and prints the most frequent ones.
;; Usage: elle examples/word-count.lisp [file]

(define sample "the quick brown fox jumps over the lazy dog the fox")

(define (words text)
  (filter (fn (w) (> (string-length w) 0))
          (string-split (string-downcase text) " ")))

(define (count-words ws)
  (let ((counts (make-hash-table)))
    (for-each (fn (w) (hash-set! counts w (+ 1 (hash-ref counts w 0)))) ws)
    counts))

(let args (command-line-args))
(let text (if (null? args) sample (read-file (car args))))
(let counts (count-words (words text)))
(let ranked (sort (hash-keys counts)
                  (fn (a b) (> (hash-ref counts a) (hash-ref counts b)))))

(printf "~d distinct words~%" (hash-count counts))
;; the five most frequent, most frequent first
(let loop ((ws ranked) (n 5))
  (when (and (pair? ws) (> n 0))
    (printf "~a ~d~%" (car ws) (hash-ref counts (car ws)))
    (loop (cdr ws) (- n 1))))
