;; (ptr-cast p Type) is C's (Type *)p: an untyped pointer (read out of an
;; array of pointers, made from an address) as a typed one, with no copy,
;; so struct-get reads and writes through it.
(load-library "elletest" :header "lib/elletest.h")
(define nodes (et-list3))
(define table (c-alloc 16))
(ptr-set! table :pointer nodes 0)
(ptr-set! table :pointer (struct-get nodes 'next) 8)
(define second (ptr-ref table :pointer 8))
(print (try (struct-get second 'value) (catch e (error-message e))))
(define node (ptr-cast second et_node))
(print (list (struct-get node 'value) (struct-get node 'label)))
(struct-set! node 'value 20)
(print (struct-get (struct-get nodes 'next) 'value))
(print (struct-get (ptr-cast (integer->pointer (pointer->integer nodes)) et_node) 'label))
(print (list (ptr-cast nil et_node) (try (ptr-cast 5 et_node) (catch e (error-message e)))))
