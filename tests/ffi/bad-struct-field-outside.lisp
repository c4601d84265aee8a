(define-c-struct S :size 8 :align 8 (v :int64 :offset 0) (past :int64 :offset 48))
(print (make-struct S))
