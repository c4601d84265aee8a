;; skip wasm32: no wasm32 build of libxml2 here
;; libxml2 — parse a document, walk its tree through struct-get chains as C
;; does (node->children, node->next, node->name), read attributes (freed
;; with xmlFree, the function pointer libxml2 keeps in a variable), and
;; evaluate an XPath expression.
(load-library "libxml-2.0" :header "libxml/parser.h")
(load-library "libxml-2.0" :header "libxml/xpath.h")
(define text "<library name=\"city\"><book id=\"b1\" lang=\"en\"><title>Dune</title><author>Herbert</author></book><book id=\"b2\"><title>Solaris</title></book><!-- closed --></library>")
(define doc (xmlReadMemory text (string-length text) "library.xml" nil 0))
(define (walk node depth)
  (unless (null? node)
    (define type (struct-get node 'type))
    (define pad (apply string-append (map (fn (i) "  ") (iota depth))))
    (cond ((= type XML_ELEMENT_NODE)
           (print (string-append pad "<" (struct-get node 'name) ">"))
           (walk (struct-get node 'children) (+ depth 1)))
          ((= type XML_TEXT_NODE) (print (string-append pad (ptr->string (struct-get node 'content)))))
          (else (print (string-append pad "(a node of type " (number->string type) ")"))))
    (walk (struct-get node 'next) depth)))
(define root (xmlDocGetRootElement doc))
(walk root 0)
(print (struct-get (struct-get (struct-get root 'children) 'parent) 'name))
(define (attribute node name)
  (define value (xmlGetProp node name))
  (if (null? value)
      nil
      (let ((s (ptr->string value)))
        (xmlFree value)
        s)))
(define book (struct-get root 'children))
(print (list (attribute book "id") (attribute book "lang") (attribute book "missing")))
(define ctx (xmlXPathNewContext doc))
(define found (xmlXPathEvalExpression "//book/title" ctx))
(define nodes (struct-get found 'nodesetval))
(define titles
  (map (fn (i)
         ;; nodeTab[i]->children->content
         (let ((title (ptr-cast (ptr-ref (struct-get nodes 'nodeTab) :pointer (* i (sizeof :pointer))) xmlNode)))
           (ptr->string (struct-get (struct-get title 'children) 'content))))
       (iota (struct-get nodes 'nodeNr))))
(print titles)
(xmlXPathFreeObject found)
(xmlXPathFreeContext ctx)
(xmlFreeDoc doc)
