/* A header of the test library that includes a libc header: its own
 * declarations are imported, <string.h>'s are not. */
#include <string.h>
size_t et_string_length(const char *s);
