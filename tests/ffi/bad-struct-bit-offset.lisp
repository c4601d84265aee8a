(define-c-struct F :size 8 :align 8 (x :int32 :bits 3 :bit-offset 100000))
