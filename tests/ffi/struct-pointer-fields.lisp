;; A pointer field to a struct Elle knows reads as a typed pointer, so
;; struct-get chains through it as C's -> does (node->next->label); a
;; pointer to a struct with hidden insides, or to void, stays plain.
(load-library "elletest" :header "lib/elletest.h")
(define head (et-list3))
(print (struct-get head 'label))
(print (struct-get (struct-get head 'next) 'label))
(print (struct-get (struct-get (struct-get head 'next) 'next) 'value))
(print (struct-get (struct-get head 'tag) 'v))
(print (et-tagged-get (struct-get head 'tag)))
(print (struct-get (struct-get (struct-get head 'next) 'next) 'next))
(define (walk node acc)
  (if (null? node) (reverse acc) (walk (struct-get node 'next) (cons (struct-get node 'value) acc))))
(print (walk head nil))
(print (pointer? (struct-get head 'opaque)))
(print (try (struct-get (struct-get head 'opaque) 'v) (catch e (error-message e))))
(print (try (struct-get (struct-get head 'next) 'nothing) (catch e (error-message e))))
