(define-c-struct B :size 8 :align 8 (wide :uint32 :bits 255 :bit-offset 0))
