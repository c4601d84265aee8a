/* internal.h — what the runtime's files share and nothing outside sees. */
#ifndef ELLE_INTERNAL_H
#define ELLE_INTERNAL_H
#include "elle.h"
#include "platform/platform.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void elle_gc_init(void *stack_bottom);
void elle_mark_runtime_roots(void (*mark)(Val));
void elle_port_finalize(EllePort *p);
/* port.c: ports */
void elle_mark_ports(void (*mark)(Val));
Val elle_make_port(FILE *f, int flags, Val path);
/* the stream of the port argument argv[at], or of the current port of that
 * direction (ELLE_PORT_INPUT or _OUTPUT) if there is none; NULL with an
 * error recorded if it is not an open port of that direction */
FILE *elle_port_arg(const char *who, int64_t argc, Val *argv, int64_t at, int want);
/* fwrite, and an error if the stream has failed (a buffered write fails
 * when the buffer is written out, so the error may be an earlier one's) */
int elle_port_write(const char *who, FILE *f, const char *data, size_t n);
int elle_port_close(EllePort *p); /* 0 if closing failed (errno says why) */
/* a new string of the characters of argv[0] in the range argv[1..] */
Val elle_string_copy_range(const char *who, int64_t argc, Val *argv);
void elle_cblock_finalize(ElleCBlock *b);
void elle_callback_free(ElleCallback *cb);

/* n bytes at pointer p may be read (bounds-checked in Elle's memory);
 * 0 with an error recorded if not */
int elle_memory_readable(const char *who, Val p, int64_t n);
void elle_mark_callbacks(void (*mark)(Val));
_Noreturn void elle_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *elle_xmalloc(size_t n);
void *elle_xrealloc(void *p, size_t n);

/* argument checking helpers for primitives; each returns 0 and records an
 * error when the check fails */
int elle_check_integer(const char *who, Val v, int64_t *out);
int elle_check_index(const char *who, Val v, int64_t len, int64_t *out);
int elle_check_string(const char *who, Val v);
int elle_check_char(const char *who, Val v);
int elle_check_list(const char *who, Val v, int64_t *len_out);
/* a pair or vector, if it may be changed (not frozen compiler data); else an error */
Val elle_check_mutable(const char *who, Val v);

Val elle_vraise(const char *fmt, va_list ap);
Val elle_string_from_buf(ElleBuf *b);
const char *elle_wide_text(ElleWide w, char out[48]); /* decimal; returns out */
int elle_check_bytevector(const char *who, Val v);
/* the optional [start [end]] arguments from argv[first], within 0..len */
int elle_check_range(const char *who, int64_t argc, Val *argv, int first, int64_t len, int64_t *start, int64_t *end);
Val elle_p_div(int64_t argc, Val *argv); /* `/`, for C's division of floats */
void elle_buf_printf(ElleBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* UTF-8: decode one scalar value at s (len bytes available); returns bytes used */
size_t elle_utf8_decode(const char *s, size_t len, uint32_t *cp);
size_t elle_utf8_encode(uint32_t cp, char out[4]);
/* appends character c as UTF-8; 0 (the buffer freed, an error recorded) if c is not one */
int elle_buf_put_char(const char *who, ElleBuf *b, Val c);
/* Elle's strings are always well-formed UTF-8. Bytes from outside (files,
 * ports, C) are checked where they enter: an error names the first bad
 * byte. elle_make_string repairs (U+FFFD) what no check stood before. */
size_t elle_utf8_valid_prefix(const char *s, size_t len);
int elle_utf8_check(const char *who, const char *s, size_t len); /* 0 with an error recorded */
void elle_utf8_repair(ElleBuf *out, const char *s, size_t len);
/* a string of the buffer's bytes if they are UTF-8 (the buffer is freed either way) */
Val elle_text_from_buf(const char *who, ElleBuf *b);
/* the outcomes of a three-way comparison (-1, 0, 1) each chain of
 * comparisons (string<?, char<=?) asks for */
int elle_order_eq(int c);
int elle_order_lt(int c);
int elle_order_gt(int c);
int elle_order_le(int c);
int elle_order_ge(int c);
/* unicode.c: Unicode's character properties and case mappings */
typedef enum {
    ELLE_UC_ALPHABETIC, ELLE_UC_NUMERIC, ELLE_UC_WHITESPACE, ELLE_UC_UPPER_CASE, ELLE_UC_LOWER_CASE,
    ELLE_UC_CASED, ELLE_UC_CASE_IGNORABLE,
} ElleUnicodeProperty;
typedef enum { ELLE_UC_UPCASE, ELLE_UC_DOWNCASE, ELLE_UC_FOLDCASE } ElleCaseMapping;
int elle_unicode_has(uint32_t c, ElleUnicodeProperty p);
int elle_unicode_digit_value(uint32_t c); /* -1 if c is not a decimal digit */
uint32_t elle_unicode_map(uint32_t c, ElleCaseMapping m); /* the simple mapping: one character */
/* a string of the full mapping of UTF-8 text (ß upcases to SS) */
Val elle_unicode_map_string(const char *bytes, size_t nbytes, ElleCaseMapping m);
Val elle_command_line(void);
const char *elle_type_name(Val v);
Val elle_values(int64_t n, const Val *vs); /* values.c: ELLE_VALUES, or the one value */
void elle_mark_values(void (*mark)(Val));
/* A string of nbytes (uninitialised, NUL-terminated) holding nchars characters */
ElleString *elle_new_string(size_t nbytes, int64_t nchars);
ElleString *elle_try_new_string(size_t nbytes, int64_t nchars); /* NULL when there is no memory */
void elle_string_finalize(ElleString *s);
/* port.c, for read.c: an input port argument (or the current one), and its
 * bytes: the next (EOF at the end; peek leaves it), and one given back */
EllePort *elle_input_port(const char *who, int64_t argc, Val *argv, int64_t at);
int elle_port_byte(EllePort *p, int peek);
void elle_port_unread(EllePort *p, int byte);
Val elle_caught_error(void); /* error.c: the last error caught, a root */
int elle_record_opaque(Val v); /* a record whose type is opaque */
Val *elle_items_of(Val v, int64_t *len); /* a vector's items or a record's fields */
void elle_record_type_name(Val type, const char **name, size_t *n); /* without <> */
Val elle_format_impl(const char *who, Val fmt, int64_t argc, Val *argv);

/* seen.c: objects (or pairs of them) already met by a walk over data that
 * may be cyclic; each maps to a number the walk chooses (0: absent) */
typedef struct { Val a, b; int64_t value; } ElleSeenEntry;
typedef struct { ElleSeenEntry *entries; size_t cap, count; } ElleSeen;
int64_t *elle_seen_slot(ElleSeen *s, Val a, Val b);
int64_t elle_seen_get(const ElleSeen *s, Val a, Val b);
void elle_seen_free(ElleSeen *s);

#define ELLE_RETURN_IF_EXC(v) do { if ((v) == ELLE_EXC) return ELLE_EXC; } while (0)
#endif
