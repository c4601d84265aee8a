;; The roadmap's LLVM-C program (5.3): build a module holding
;; `i32 main() { return 42; }`, dump its IR, verify it — and one step
;; further, run it with LLVM's execution engine and print what it returns.
;;
;;   elle examples/llvm-compiler.lisp
;;   ellec examples/llvm-compiler.lisp -o llvm-compiler && ./llvm-compiler

;; LLVM ships no pkg-config file: the library is named by its llvm-config
;; program, and Debian keeps the headers under it (llvm-c/Core.h)
(load-header-with-lib "llvm-c/Core.h" "llvm-config-19")
(load-header-with-lib "llvm-c/Analysis.h" "llvm-config-19")
(load-header-with-lib "llvm-c/ExecutionEngine.h" "llvm-config-19")
(load-header-with-lib "llvm-c/Target.h" "llvm-config-19")

; Create module
(let module (llvm-module-create-with-name "hello"))

; Create function type (i32 func()): LLVMFunctionType takes the parameter
; types as an array and their count
(let i32-type (llvm-int32-type))
(let func-type (llvm-function-type i32-type nil 0 #f))

; Add function to module
(let func (llvm-add-function module "main" func-type))

; Create basic block
(let context (llvm-get-global-context))
(let builder (llvm-create-builder-in-context context))
(let bb (llvm-append-basic-block-in-context context func "entry"))

; Build function body
(llvm-position-builder-at-end builder bb)
(let forty-two (llvm-const-int i32-type 42 #f))
(llvm-build-ret builder forty-two)

; Dump module (LLVMDumpModule writes to stderr: print the text instead,
; freed as LLVM asks)
(define-c-owned-result llvm-print-module-to-string llvm-dispose-message)
(display (llvm-print-module-to-string module))

; Verify it: 0 is "no errors"
(printf "verified: ~a~%" (= 0 (llvm-verify-module module LLVMReturnStatusAction nil)))

; Run it (LLVMInitializeNativeTarget is static inline in its header)
(llvm-link-in-mcjit)
(llvm-initialize-native-target)
(llvm-initialize-native-asm-printer)
(let engine-cell (c-alloc 8))
(let error-cell (c-alloc 8))
(unless (= 0 (llvm-create-execution-engine-for-module engine-cell module error-cell))
  (error "no execution engine:" (ptr->string (ptr-ref error-cell :pointer))))
(let engine (ptr-ref engine-cell :pointer))
(let result (llvm-run-function engine func 0 nil))
(printf "main returned ~a~%" (llvm-generic-value-to-int result #t))

; Cleanup (the engine owns the module now)
(llvm-dispose-generic-value result)
(llvm-dispose-builder builder)
(llvm-dispose-execution-engine engine)
