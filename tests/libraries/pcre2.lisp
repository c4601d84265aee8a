;; skip wasm32: no wasm32 build of PCRE2 here
;; pcre2 by its documented names: pcre2.h wants PCRE2_CODE_UNIT_WIDTH
;; defined, and pcre2_compile is pcre2_compile_8 through ## with it.
(load-library "libpcre2-8" :header "pcre2.h" :define "PCRE2_CODE_UNIT_WIDTH=8")
(define error-code (vector 0))
(define error-offset (vector 0))
(define re (pcre2_compile "([a-z]+)@([a-z]+)\\.org" PCRE2_ZERO_TERMINATED 0 error-code error-offset nil))
(define subject "mail alice@example.org today")
(define match (pcre2_match_data_create_from_pattern re nil))
(define rc (pcre2_match re subject (string-length subject) 0 0 match nil))
(print rc)
(define ovector (pcre2_get_ovector_pointer match))
(define (group i)
  (let ((start (ptr-ref ovector :size_t (* 16 i))) (end (ptr-ref ovector :size_t (+ 8 (* 16 i)))))
    (list start end (substring subject start end))))
(print (map group (iota rc)))
(print (= (pcre2_match re "no address here" 15 0 0 match nil) PCRE2_ERROR_NOMATCH))
;; a bad pattern: the error code and offset come back through the out-parameters
(print (list (pcre2_compile "a(b" PCRE2_ZERO_TERMINATED 0 error-code error-offset nil) (vector-ref error-offset 0)))
(define message (make-bytevector 128))
(define length (pcre2_get_error_message (vector-ref error-code 0) message 128))
(print (utf8->string message 0 length))
(pcre2_match_data_free match)
(pcre2_code_free re)
