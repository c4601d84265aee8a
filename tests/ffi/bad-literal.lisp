(load-library "m" :header "math.h")
(print (ldexp 1.0 "three"))
