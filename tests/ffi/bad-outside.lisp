;; strlen comes from <string.h>, which the header includes: not its package.
(load-library "lib/build/libelletest.so" :header "lib/elletest-strings.h")
(print (strlen "abc"))
