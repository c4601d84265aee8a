;; skip sanitizers: strdup allocates through AddressSanitizer, free is libc's own from its handle
;; max-rss-mib: 160
;; (a cold import cache parses the headers with libclang first, ~100 MiB at its peak)
;; skip gc-stress: two million C calls
;; Two million 1 KiB strings C allocates (strdup), each copied and freed:
;; neither C's memory nor Elle's grows.
(load-library "libc.so.6" :header "string.h")
(load-library "libc.so.6" :header "stdlib.h")
(define-c-owned-result strdup free)
(define (grow s) (if (>= (string-length s) 1024) s (grow (string-append s s))))
(define kilobyte (grow "k"))
(define (churn n total) (if (= n 0) total (churn (- n 1) (+ total (string-length (strdup kilobyte))))))
(print (churn 2000000 0))
