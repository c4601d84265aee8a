;; define-enum numbers its members as C does.
(define-enum Direction NORTH EAST (SOUTH 10) WEST)
(print (list NORTH EAST SOUTH WEST))
(define (turn d) (match d (NORTH 'north) (EAST 'east) (_ 'other)))
(print (map turn (list EAST NORTH WEST)))
