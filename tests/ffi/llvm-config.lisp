;; skip wasm32: no wasm32 build of LLVM here
;; A library found through its *-config program (LLVM ships no pkg-config file).
(load-library "llvm-config-19" :header "llvm-c/Core.h")
(print LLVMIntegerTypeKind)
(print (llvm-get-int-type-width (llvm-int32-type)))
