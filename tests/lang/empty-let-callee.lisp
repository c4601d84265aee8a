;; Found by the mutation fuzzer (seed 703597): a loop whose procedure is
;; reached through 85 nested (let () ...) made elle walk 85 nodes per
;; iteration and run past the fuzzer's time limit. An empty let is its body.
(define (count-up n)
  (let loop ((i 0) (acc 0))
    (if (= i n)
        acc
        ((let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () (let () loop))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) (+ i 1) (+ acc i)))))
(print (count-up 200000))
