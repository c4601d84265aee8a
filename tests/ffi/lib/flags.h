/* A header that needs preprocessor flags, as pcre2.h does: a definition
 * it insists on, a folder to include from, and function names pasted
 * with ## from the definition. Its functions are in libelletest. */
#ifndef ELLETEST_FLAGS_H
#define ELLETEST_FLAGS_H
#include <stdint.h>
#ifndef ET_WIDTH
#error ET_WIDTH must be defined before including flags.h
#endif
#include "flags-extra.h"
#define ET_GLUE2(a, b) a##b
#define ET_GLUE(a, b) ET_GLUE2(a, b)
#define ET_SUFFIX(a) ET_GLUE(a, ET_WIDTH)
#define et_width_name ET_SUFFIX(et_width_)
int32_t et_width_8(void);
int32_t et_width_16(void);
#endif
