;; a doubling loop: 2^40 nodes once unfolded, from 40 pairs shared
(defmacro huge () (let loop ((n 40) (acc (quote x))) (if (= n 0) acc (loop (- n 1) (list acc acc)))))
(print (huge))
