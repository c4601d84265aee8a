/* read.c — `read`: a datum from an input port, as a value.
 *
 * Compiled programs have no compiler in them, so the runtime reads data
 * itself. It accepts what the compiler's reader (compiler/src/syntax/
 * reader.rs) accepts as data, spans aside: tests/io/read-data reads the
 * same text both ways. Nesting is limited as there, so a deep datum is an
 * error, never a native stack overflow; data is built in GC-visible
 * places (the native stack; wasm32 collects only at compiled code's safe
 * points). */
#include "internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define READ_MAX_DEPTH 10000

typedef enum { GOT_DATUM, GOT_CLOSE, GOT_DOT, GOT_END, GOT_ERROR } Got;

static int peek(EllePort *p) { return elle_port_byte(p, 1); }
static int take(EllePort *p) { return elle_port_byte(p, 0); }
static int delimiter(int c) { return c == EOF || isspace(c) || (c && strchr("()[]\";", c)); }

static Got fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static Got fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    elle_vraise(fmt, ap);
    va_end(ap);
    return GOT_ERROR;
}

static Got datum(EllePort *p, int depth, Val *out, int *close);

/* Skips whitespace and comments (`;`, nested `#| |#`, `#;` datum): 0 with
 * an error raised. */
static int skip(EllePort *p, int depth) {
    for (;;) {
        int c = peek(p);
        if (c == EOF) return 1;
        if (isspace(c)) { take(p); continue; }
        if (c == ';') {
            while ((c = take(p)) != EOF && c != '\n') {}
            continue;
        }
        if (c != '#') return 1;
        /* '#' is peeked: what follows decides, and only '|' and ';' are ours */
        take(p);
        int d = peek(p);
        if (d == '|') {
            take(p);
            int level = 1, prev = 0;
            while (level) {
                int e = take(p);
                if (e == EOF) { elle_raise("read: the input ends inside a #| comment"); return 0; }
                if (prev == '|' && e == '#') { level--; e = 0; }
                else if (prev == '#' && e == '|') { level++; e = 0; }
                prev = e;
            }
            continue;
        }
        if (d == ';') {
            take(p);
            Val ignored;
            int close;
            if (depth > READ_MAX_DEPTH) { elle_raise("read: the datum nests more than %d levels deep", READ_MAX_DEPTH); return 0; }
            Got g = datum(p, depth + 1, &ignored, &close);
            if (g == GOT_ERROR) return 0;
            if (g != GOT_DATUM) { elle_raise("read: '#;' must be followed by a datum"); return 0; }
            continue;
        }
        elle_port_unread(p, '#');
        return 1;
    }
}

/* The bytes up to the next delimiter, `first` before them if not EOF. */
static void token(EllePort *p, ElleBuf *b, int first) {
    if (first != EOF) { char f = (char)first; elle_buf_put(b, &f, 1); }
    while (!delimiter(peek(p))) { char c = (char)take(p); elle_buf_put(b, &c, 1); }
    elle_buf_put(b, "", 1); /* NUL-terminated; len counts it */
    b->len--;
}

/* A list or vector's elements up to `close`; a vector has no dot. */
static Got sequence(EllePort *p, int depth, int close, int vector, Val *out) {
    if (depth > READ_MAX_DEPTH) return fail("read: the datum nests more than %d levels deep", READ_MAX_DEPTH);
    Val head = ELLE_NIL, last = ELLE_NIL, item;
    for (;;) {
        int got_close = 0;
        Got g = datum(p, depth + 1, &item, &got_close);
        if (g == GOT_ERROR) return GOT_ERROR;
        if (g == GOT_END) return fail("read: the input ends inside a %s", vector ? "vector" : "list");
        if (g == GOT_CLOSE) {
            if (got_close != close) return fail("read: expected '%c', found '%c'", close, got_close);
            *out = head;
            return GOT_DATUM;
        }
        if (g == GOT_DOT) {
            if (vector || head == ELLE_NIL) return fail("read: unexpected '.'");
            Val tail;
            g = datum(p, depth + 1, &tail, &got_close);
            if (g == GOT_ERROR) return g;
            if (g != GOT_DATUM) return fail("read: a dotted list needs one datum after '.'");
            ELLE_AS(EllePair, last)->cdr = tail;
            g = datum(p, depth + 1, &item, &got_close);
            if (g == GOT_ERROR) return g;
            if (g != GOT_CLOSE || got_close != close) return fail("read: a dotted list ends after the datum after '.'");
            *out = head;
            return GOT_DATUM;
        }
        Val pair = elle_cons(item, ELLE_NIL);
        if (head == ELLE_NIL) head = pair;
        else ELLE_AS(EllePair, last)->cdr = pair;
        last = pair;
    }
}

static Val list_to_vector(Val list) {
    int64_t n = 0;
    for (Val l = list; l != ELLE_NIL; l = elle_cdr(l)) n++;
    Val v = elle_make_vector(n, ELLE_NIL);
    Val *items = ELLE_AS(ElleVector, v)->items;
    for (int64_t i = 0; list != ELLE_NIL; list = elle_cdr(list)) items[i++] = elle_car(list);
    return v;
}

static Got string_datum(EllePort *p, Val *out) {
    ElleBuf b = {0};
    for (;;) {
        int c = take(p);
        if (c == EOF) { elle_buf_free(&b); return fail("read: the input ends inside a %s", "string"); }
        if (c == '"') break;
        if (c == '\\') {
            int e = take(p);
            char simple = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'a' ? '\a' : e == 'b' ? '\b'
                        : e == '0' ? '\0' : e == '\\' || e == '"' ? (char)e : 1;
            if (simple != 1) { elle_buf_put(&b, &simple, 1); continue; }
            if (e == 'x' || e == 'X') {
                uint32_t cp = 0;
                int digits = 0, h;
                while (isxdigit(h = peek(p)) && digits < 8) { take(p); cp = cp * 16 + (uint32_t)(isdigit(h) ? h - '0' : tolower(h) - 'a' + 10); digits++; }
                if (take(p) != ';' || !digits || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    elle_buf_free(&b);
                    return fail("read: a '\\x' escape is hex digits of a character ended by ';'");
                }
                char enc[4];
                elle_buf_put(&b, enc, elle_utf8_encode(cp, enc));
                continue;
            }
            if (e == ' ' || e == '\t' || e == '\r' || e == '\n') {
                /* a line continuation: \ <spaces> newline <spaces> */
                while (e == ' ' || e == '\t' || e == '\r') e = take(p);
                if (e != '\n') { elle_buf_free(&b); return fail("read: '\\' followed by spaces must end the line"); }
                while (peek(p) == ' ' || peek(p) == '\t') take(p);
                continue;
            }
            elle_buf_free(&b);
            return fail("read: unknown escape '\\%c' in a string", e == EOF ? '?' : e);
        }
        char ch = (char)c;
        elle_buf_put(&b, &ch, 1);
    }
    *out = elle_text_from_buf("read", &b);
    return *out == ELLE_EXC ? GOT_ERROR : GOT_DATUM;
}

static const struct { const char *name; uint32_t cp; } char_names[] = {
    {"space", ' '}, {"newline", '\n'}, {"tab", '\t'}, {"return", '\r'}, {"nul", 0}, {"null", 0},
    {"delete", 0x7F}, {"escape", 0x1B}, {"backspace", 0x08}, {"alarm", 0x07}, {"linefeed", '\n'},
};

/* after "#\": a character, by itself, by name or as xHEX */
static Got char_datum(EllePort *p, Val *out) {
    ElleBuf b = {0};
    int first = take(p);
    if (first == EOF) return fail("read: '#\\' must be followed by a character");
    char f = (char)first;
    elle_buf_put(&b, &f, 1);
    /* the first character whole, whatever it is (#\( and #\λ) */
    while (first >= 0xC0 && (peek(p) & 0xC0) == 0x80) { char c = (char)take(p); elle_buf_put(&b, &c, 1); }
    size_t first_len = b.len;
    token(p, &b, EOF);
    uint32_t cp;
    int ok = 0;
    if (b.len == first_len) ok = elle_utf8_valid_prefix(b.data, b.len) == b.len && elle_utf8_decode(b.data, b.len, &cp) > 0;
    for (size_t i = 0; !ok && i < sizeof char_names / sizeof *char_names; i++)
        if (strcmp(b.data, char_names[i].name) == 0) { cp = char_names[i].cp; ok = 1; }
    if (!ok && b.len > 1 && strchr("xUu", b.data[0])) {
        char *end;
        unsigned long v = strtoul(b.data + 1, &end, 16);
        ok = *end == 0 && isxdigit((unsigned char)b.data[1]) && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF);
        cp = (uint32_t)v;
    }
    if (!ok) {
        fail("read: unknown character name '#\\%s'", b.data);
        elle_buf_free(&b);
        return GOT_ERROR;
    }
    elle_buf_free(&b);
    *out = elle_char(cp);
    return GOT_DATUM;
}

/* a token that is no list, string or '#' form: a number, nil, a keyword or a symbol */
static Got atom(ElleBuf *b, Val *out) {
    Val n = elle_parse_number(b->data, b->len, 10);
    if (n == ELLE_EXC) return GOT_ERROR;
    if (n != ELLE_FALSE) { *out = n; return GOT_DATUM; }
    const unsigned char *s = (const unsigned char *)b->data;
    int numeric = isdigit(s[0]) || (strchr("+-.", s[0]) && s[0] && b->len > 1 && (isdigit(s[1]) || (s[1] == '.' && b->len > 2 && isdigit(s[2]))));
    if (numeric) return fail("read: bad number '%s'", b->data);
    if (strcmp(b->data, "nil") == 0) { *out = ELLE_NIL; return GOT_DATUM; }
    if (s[0] == ':') {
        if (b->len == 1) return fail("read: a keyword needs a name after ':'");
        *out = elle_intern_keyword(b->data + 1, b->len - 1);
        return GOT_DATUM;
    }
    if (!elle_utf8_check("read", b->data, b->len)) return GOT_ERROR;
    *out = elle_intern(b->data, b->len);
    return GOT_DATUM;
}

/* after '#' (taken) */
static Got hash_datum(EllePort *p, int depth, Val *out) {
    int c = peek(p);
    if (c == '(') {
        take(p);
        Got g = sequence(p, depth, ')', 1, out);
        if (g == GOT_DATUM) *out = list_to_vector(*out);
        return g;
    }
    if (c == '\\') { take(p); return char_datum(p, out); }
    ElleBuf b = {0};
    token(p, &b, '#');
    Got g;
    if (strcmp(b.data, "#u8") == 0 && peek(p) == '(') {
        take(p);
        Val bytes;
        g = sequence(p, depth, ')', 1, &bytes);
        if (g == GOT_DATUM) {
            int64_t n = 0;
            for (Val l = bytes; l != ELLE_NIL; l = elle_cdr(l), n++) {
                Val x = elle_car(l);
                if (!elle_is_fixnum(x) || elle_fixnum_value(x) < 0 || elle_fixnum_value(x) > 255) { g = fail("read: a bytevector holds bytes (0 to 255)"); break; }
            }
            if (g == GOT_DATUM && (*out = elle_make_bytevector("read", n)) == ELLE_EXC) g = GOT_ERROR;
            for (int64_t i = 0; g == GOT_DATUM && bytes != ELLE_NIL; bytes = elle_cdr(bytes))
                ELLE_AS(ElleBytevector, *out)->bytes[i++] = (uint8_t)elle_fixnum_value(elle_car(bytes));
        }
    } else if (strcmp(b.data, "#t") == 0 || strcmp(b.data, "#true") == 0) { *out = ELLE_TRUE; g = GOT_DATUM; }
    else if (strcmp(b.data, "#f") == 0 || strcmp(b.data, "#false") == 0) { *out = ELLE_FALSE; g = GOT_DATUM; }
    else if (b.len > 2 && strchr("xXbBoOdDeEiI", b.data[1])) {
        *out = elle_parse_number(b.data, b.len, 10);
        g = *out == ELLE_EXC ? GOT_ERROR : *out == ELLE_FALSE ? fail("read: bad number '%s'", b.data) : GOT_DATUM;
    } else g = fail("read: unknown syntax '%s'", b.data);
    elle_buf_free(&b);
    return g;
}

static Got datum(EllePort *p, int depth, Val *out, int *close) {
    if (!skip(p, depth)) return GOT_ERROR;
    int c = take(p);
    switch (c) {
    case EOF: return GOT_END;
    case '(': return sequence(p, depth, ')', 0, out);
    case '[': {
        Got g = sequence(p, depth, ']', 1, out);
        if (g == GOT_DATUM) *out = list_to_vector(*out);
        return g;
    }
    case ')': case ']': *close = c; return GOT_CLOSE;
    case '"': return string_datum(p, out);
    case '#': return hash_datum(p, depth, out);
    case '\'': case '`': case ',': {
        const char *name = c == '\'' ? "quote" : c == '`' ? "quasiquote" : "unquote";
        if (c == ',' && peek(p) == '@') { take(p); name = "unquote-splicing"; }
        if (depth > READ_MAX_DEPTH) return fail("read: the datum nests more than %d levels deep", READ_MAX_DEPTH);
        Val inner;
        int ignored;
        Got g = datum(p, depth + 1, &inner, &ignored);
        if (g == GOT_ERROR) return g;
        if (g != GOT_DATUM) return fail("read: '%s' must be followed by a datum", name);
        Val quoted = elle_cons(inner, ELLE_NIL);
        *out = elle_cons(elle_intern(name, strlen(name)), quoted);
        return GOT_DATUM;
    }
    default: {
        if (c == '.' && delimiter(peek(p))) return GOT_DOT;
        ElleBuf b = {0};
        token(p, &b, c);
        Got g = atom(&b, out);
        elle_buf_free(&b);
        return g;
    }
    }
}

/* (read [port]): the next datum, or the eof object at the end */
static Val p_read(int64_t argc, Val *argv) {
    EllePort *p = elle_input_port("read", argc, argv, 0);
    if (!p) return ELLE_EXC;
    Val v;
    int close;
    switch (datum(p, 0, &v, &close)) {
    case GOT_DATUM: return v;
    case GOT_END: return ELLE_EOF;
    case GOT_CLOSE: fail("read: unexpected '%c'", close); return ELLE_EXC;
    case GOT_DOT: fail("read: unexpected '.'"); return ELLE_EXC;
    default: return ELLE_EXC;
    }
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_read_builtins[] = {
    PRIM("read", p_read, 0, 1)
    {NULL, NULL, 0, 0},
};
