;; A macro whose value is an address the linker fills in, other than a
;; variable's own, is not a constant Elle can know (never nil).
(load-library "elletest" :header "lib/elletest.h")
(print ET_TABLE_THIRD)
