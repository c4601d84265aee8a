;; skip wasm32: no wasm32 build of libcurl here
;; libcurl fetching a file:// URL, its body collected by an Elle write
;; callback; compiled with plain ellec (libcurl.a's own dependencies are not
;; all on a stock system, so it links libcurl dynamically, and -v says why).
(load-library "libcurl" :header "curl/curl.h")
(load-library "libc.so.6" :header "unistd.h")
(define path (string-append "/tmp/elle-curl-" (number->string (getpid)) ".txt"))
(write-file path "hello from a file\nsecond line\n")
(define pieces nil)
(define writer
  (make-c-callback (fn (data size count user)
                     (set! pieces (cons (ptr->string data (* size count)) pieces))
                     (* size count))
                   :args (:pointer :size_t :size_t :pointer) :return :size_t))
(define curl (curl_easy_init))
(curl_easy_setopt curl CURLOPT_URL (string-append "file://" path))
(curl_easy_setopt curl CURLOPT_WRITEFUNCTION writer)
(print (= (curl_easy_perform curl) CURLE_OK))
(display (apply string-append (reverse pieces)))
(curl_easy_setopt curl CURLOPT_URL "file:///nonexistent/elle")
(define failed (curl_easy_perform curl))
(print (list (= failed CURLE_FILE_COULDNT_READ_FILE) (curl_easy_strerror failed)))
(curl_easy_cleanup curl)
(unlink path)
