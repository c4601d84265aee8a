;; A header imported with preprocessor definitions and an include folder
;; (as pcre2.h needs PCRE2_CODE_UNIT_WIDTH), and a macro that pastes a
;; function's name with ## (pcre2_compile is pcre2_compile_8).
(load-library "elletest" :header "lib/flags.h" :define ("ET_WIDTH=8" "ET_UNUSED") :include-dir "lib/extra")
(print ET_EXTRA)
(print (et_width_name))
(print et_width_name)
(print (map (fn (f) (f)) (list et_width_name et_width_16)))
