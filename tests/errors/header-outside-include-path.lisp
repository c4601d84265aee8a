;; A header named as C code includes it, with the library named so that its
;; include folder is not searched: where the header is, and the package.
(load-library "xml2" :header "libxml/parser.h")
