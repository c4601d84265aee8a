(print (list (floor 2.5) (ceiling 2.5) (round 2.5) (truncate 2.5)))
(print (list (floor -2.5) (ceiling -2.5) (round -2.5) (truncate -2.5)))
(print (list (round 3.5) (round 0.4) (round 7)))
(print (list (floor 5) (ceiling 5) (truncate -5)))
