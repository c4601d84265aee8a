;; skip wasm32: WebAssembly has no signals to guard a call with
(load-library "c" :header "stdio.h")
;; under the FFI safety checks, calls of one variadic function with
;; different extra arguments each go through a guard of their own shape
(flush-output)
(with-ffi-safety-checks
  (dprintf 1 "%d\n" 1)
  (dprintf 1 "%d %s\n" 2 "two")
  (dprintf 1 "%d %s %.1f %d %d %d %d %d %d\n" 3 "three" 3.5 1 2 3 4 5 6))
