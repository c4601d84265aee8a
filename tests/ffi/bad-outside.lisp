;; strlen comes from <string.h>, which the header includes: not its package.
(load-library "elletest" :header "lib/elletest-strings.h")
(print (strlen "abc"))
