(load-library "c" :header "stdio.h")
(printf "Elle's printf wins over C's~%")
(dprintf 1 "C's dprintf is variadic\n")
