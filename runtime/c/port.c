/* port.c — ports: the standard ones, files' (io.c opens them) and strings'
 * (R7RS's open-input-string and open-output-string), the current input and
 * output ports, and reading characters and lines.
 *
 * An output string port is a C stream too (open_memstream), so every
 * output procedure writes to any port the same way. An input string port
 * is the string's bytes and a position. A file port keeps the bytes of a
 * character peek-char read (C's ungetc promises one byte back). */
#include "internal.h"

#include <errno.h>

/* The standard ports, made on first use. */
static Val std_ports[3] = {ELLE_FALSE, ELLE_FALSE, ELLE_FALSE};
/* The current input and output ports when a program has changed them
 * (with-output-to-string); #f: the standard ones. */
static Val current[2] = {ELLE_FALSE, ELLE_FALSE};

void elle_mark_ports(void (*mark)(Val)) {
    for (int i = 0; i < 3; i++) mark(std_ports[i]);
    for (int i = 0; i < 2; i++) mark(current[i]);
}

static EllePort *port(Val p) { return ELLE_AS(EllePort, p); }

Val elle_make_port(FILE *f, int flags, Val path) {
    EllePort *p = elle_alloc(ELLE_PORT, sizeof(EllePort));
    memset((char *)p + sizeof p->h, 0, sizeof *p - sizeof p->h);
    p->f = f;
    p->h.flags = (uint16_t)flags;
    p->path = path;
    return (Val)(uintptr_t)p;
}

static Val std_port(int i) {
    if (std_ports[i] == ELLE_FALSE) {
        FILE *f = i == 0 ? stdin : i == 1 ? stdout : stderr;
        std_ports[i] = elle_make_port(f, (i == 0 ? ELLE_PORT_INPUT : ELLE_PORT_OUTPUT) | ELLE_PORT_STD, ELLE_FALSE);
    }
    return std_ports[i];
}

/* 0: input, 1: output */
static Val current_port(int i) { return current[i] != ELLE_FALSE ? current[i] : std_port(i); }

static Val p_current_input_port(int64_t argc, Val *argv) { (void)argc, (void)argv; return current_port(0); }
static Val p_current_output_port(int64_t argc, Val *argv) { (void)argc, (void)argv; return current_port(1); }
static Val p_current_error_port(int64_t argc, Val *argv) { (void)argc, (void)argv; return std_port(2); }

void elle_port_finalize(EllePort *p) {
    if (p->f && !(p->h.flags & ELLE_PORT_STD)) fclose(p->f);
    p->f = NULL;
    free(p->text);
    p->text = NULL;
}

int elle_port_write(const char *who, FILE *f, const char *data, size_t n) {
    if (n) fwrite(data, 1, n, f);
    if (!ferror(f)) return 1;
    int e = errno;
    clearerr(f);
    elle_raise("%s: cannot write to %s: %s", who, f == stdout ? "standard output" : f == stderr ? "standard error" : "the port", strerror(e));
    return 0;
}

/* The port argument argv[at], or the current port of its direction when
 * there is none; NULL with an error recorded if it is not an open port of
 * that direction. */
static EllePort *port_or_current(const char *who, int64_t argc, Val *argv, int64_t at, int want) {
    Val p = argc > at ? argv[at] : current_port(want == ELLE_PORT_OUTPUT);
    if (!elle_is(p, ELLE_PORT)) { elle_raise_type(who, "a port", p); return NULL; }
    EllePort *q = port(p);
    if (!q->f && !(q->h.flags & ELLE_PORT_STRING)) { elle_raise("%s: the port is closed", who); return NULL; }
    if (!(q->h.flags & want)) { elle_raise("%s: the port is not open for %s", who, want == ELLE_PORT_OUTPUT ? "output" : "input"); return NULL; }
    return q;
}

FILE *elle_port_arg(const char *who, int64_t argc, Val *argv, int64_t at, int want) {
    EllePort *p = port_or_current(who, argc, argv, at, want);
    return p ? p->f : NULL;
}

int elle_port_close(EllePort *p) {
    int failed = p->f && !(p->h.flags & ELLE_PORT_STD) && fclose(p->f) != 0;
    p->f = NULL;
    p->h.flags &= (uint16_t)~ELLE_PORT_STRING; /* a closed string port reads nothing more */
    return !failed;
}

/* ---- string ports ---------------------------------------------------- */
static Val p_open_input_string(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_string("open-input-string", argv[0])) return ELLE_EXC;
    ElleString *s = ELLE_AS(ElleString, argv[0]);
    Val p = elle_make_port(NULL, ELLE_PORT_INPUT | ELLE_PORT_STRING, ELLE_FALSE);
    port(p)->text = elle_xmalloc((size_t)s->nbytes + 1);
    memcpy(port(p)->text, s->bytes, (size_t)s->nbytes);
    port(p)->len = (size_t)s->nbytes;
    return p;
}

static Val p_open_output_string(int64_t argc, Val *argv) {
    (void)argc, (void)argv;
    Val p = elle_make_port(NULL, ELLE_PORT_OUTPUT, ELLE_FALSE);
    port(p)->f = open_memstream(&port(p)->text, &port(p)->len);
    if (!port(p)->f) elle_fatal("open-output-string: out of memory");
    port(p)->h.flags |= ELLE_PORT_MEMORY;
    return p;
}

static Val p_get_output_string(int64_t argc, Val *argv) {
    (void)argc;
    Val p = argv[0];
    if (!elle_is(p, ELLE_PORT) || !(port(p)->h.flags & ELLE_PORT_MEMORY)) return elle_raise_type("get-output-string", "a port from open-output-string", p);
    if (!port(p)->f) return elle_raise("get-output-string: the port is closed");
    fflush(port(p)->f);
    return elle_make_string(port(p)->text ? port(p)->text : "", port(p)->len);
}

/* (%set-current-port! direction port): makes port (#f: the standard one)
 * the current input (0) or output (1) port; the one it replaces */
static Val p_set_current_port(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    if (!elle_check_integer("%set-current-port!", argv[0], &i) || i < 0 || i > 1) return ELLE_EXC;
    if (argv[1] != ELLE_FALSE && !elle_is(argv[1], ELLE_PORT)) return elle_raise_type("%set-current-port!", "a port", argv[1]);
    Val old = current[i];
    current[i] = argv[1];
    return old;
}

/* ---- reading --------------------------------------------------------- */
/* The next byte of an input port, or EOF; peek leaves it to be read. */
static int next_byte(EllePort *p, int peek) {
    if (p->h.flags & ELLE_PORT_STRING) {
        if (p->pos >= p->len) return EOF;
        return (unsigned char)p->text[peek ? p->pos : p->pos++];
    }
    if (p->npeeked) {
        int c = p->peeked[0];
        if (!peek) memmove(p->peeked, p->peeked + 1, --p->npeeked);
        return c;
    }
    if (p->f == stdin) fflush(stdout); /* a prompt printed before reading must show */
    int c = fgetc(p->f);
    while (c == EOF && ferror(p->f) && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        /* a non-blocking descriptor with nothing yet: not the end, a wait */
        clearerr(p->f);
        elle_platform_wait_input(p->f);
        c = fgetc(p->f);
    }
    if (peek && c != EOF) p->peeked[p->npeeked++] = (unsigned char)c;
    return c;
}

int elle_port_byte(EllePort *p, int peek) { return next_byte(p, peek); }

/* Gives back `byte`, the last one read, to be read again. */
void elle_port_unread(EllePort *p, int byte) {
    if (p->h.flags & ELLE_PORT_STRING) {
        p->pos--;
        return;
    }
    memmove(p->peeked + 1, p->peeked, (size_t)p->npeeked);
    p->peeked[0] = (unsigned char)byte;
    p->npeeked++;
}

EllePort *elle_input_port(const char *who, int64_t argc, Val *argv, int64_t at) {
    return port_or_current(who, argc, argv, at, ELLE_PORT_INPUT);
}

/* The next character, ELLE_EOF at the end, or ELLE_EXC (not UTF-8). Peek
 * keeps its bytes to be read again. */
static Val next_char(const char *who, EllePort *p, int peek) {
    unsigned char bytes[4];
    int first = next_byte(p, 0);
    if (first == EOF) return ELLE_EOF;
    bytes[0] = (unsigned char)first;
    size_t n = first < 0x80 ? 1 : (first & 0xE0) == 0xC0 ? 2 : (first & 0xF0) == 0xE0 ? 3 : (first & 0xF8) == 0xF0 ? 4 : 0;
    size_t got = 1;
    while (got < n) {
        int c = next_byte(p, 1);
        if (c == EOF || (c & 0xC0) != 0x80) break;
        bytes[got++] = (unsigned char)next_byte(p, 0);
    }
    uint32_t cp;
    if (n == 0 || got < n || elle_utf8_valid_prefix((const char *)bytes, got) != got)
        return elle_raise("%s: the text is not UTF-8 (byte 0x%02X)", who, bytes[0]);
    elle_utf8_decode((const char *)bytes, got, &cp);
    if (peek) {
        /* put the character's bytes back in front */
        if (p->h.flags & ELLE_PORT_STRING) p->pos -= got;
        else {
            memmove(p->peeked + got, p->peeked, p->npeeked);
            memcpy(p->peeked, bytes, got);
            p->npeeked += (int)got;
        }
    }
    return elle_char(cp);
}

static Val p_read_char(int64_t argc, Val *argv) {
    EllePort *p = port_or_current("read-char", argc, argv, 0, ELLE_PORT_INPUT);
    return p ? next_char("read-char", p, 0) : ELLE_EXC;
}

/* How many characters or bytes to read: 0 with an error if not a count */
static int read_count(const char *who, Val v, int64_t *k) {
    if (!elle_check_integer(who, v, k)) return 0;
    if (*k >= 0) return 1;
    elle_raise("%s: a count is not negative, got %lld", who, (long long)*k);
    return 0;
}

/* ---- bytes: file ports are binary ports too ------------------------------ */
static EllePort *binary_port(const char *who, int64_t argc, Val *argv, int64_t at, int want) {
    EllePort *p = port_or_current(who, argc, argv, at, want);
    if (p && (p->h.flags & (ELLE_PORT_STRING | ELLE_PORT_MEMORY))) {
        elle_raise("%s: expected a binary port (a file's), got a string port", who);
        return NULL;
    }
    return p;
}

static Val p_read_u8(int64_t argc, Val *argv) {
    EllePort *p = binary_port("read-u8", argc, argv, 0, ELLE_PORT_INPUT);
    if (!p) return ELLE_EXC;
    int c = next_byte(p, 0);
    return c == EOF ? ELLE_EOF : elle_fixnum(c);
}

static Val p_peek_u8(int64_t argc, Val *argv) {
    EllePort *p = binary_port("peek-u8", argc, argv, 0, ELLE_PORT_INPUT);
    if (!p) return ELLE_EXC;
    int c = next_byte(p, 1);
    return c == EOF ? ELLE_EOF : elle_fixnum(c);
}

static Val p_u8_ready(int64_t argc, Val *argv) {
    EllePort *p = binary_port("u8-ready?", argc, argv, 0, ELLE_PORT_INPUT);
    if (!p) return ELLE_EXC;
    return elle_bool(p->npeeked || elle_platform_input_ready(p->f));
}

/* (read-bytevector k [port]): up to k bytes; the eof object if none */
static Val p_read_bytevector(int64_t argc, Val *argv) {
    int64_t k;
    if (!read_count("read-bytevector", argv[0], &k)) return ELLE_EXC;
    EllePort *p = binary_port("read-bytevector", argc, argv, 1, ELLE_PORT_INPUT);
    if (!p) return ELLE_EXC;
    ElleBuf b = {0};
    int c;
    for (int64_t i = 0; i < k && (c = next_byte(p, 0)) != EOF; i++) { char byte = (char)c; elle_buf_put(&b, &byte, 1); }
    if (b.len == 0 && k > 0) return ELLE_EOF;
    Val v = elle_make_bytevector("read-bytevector", (int64_t)b.len);
    if (v != ELLE_EXC && b.len) memcpy(ELLE_AS(ElleBytevector, v)->bytes, b.data, b.len);
    elle_buf_free(&b);
    return v;
}

static Val p_write_u8(int64_t argc, Val *argv) {
    int64_t byte;
    if (!elle_check_integer("write-u8", argv[0], &byte)) return ELLE_EXC;
    if (byte < 0 || byte > 255) return elle_raise_type("write-u8", "a byte (0 to 255)", argv[0]);
    EllePort *p = binary_port("write-u8", argc, argv, 1, ELLE_PORT_OUTPUT);
    char c = (char)byte;
    return p && elle_port_write("write-u8", p->f, &c, 1) ? ELLE_NIL : ELLE_EXC;
}

/* (write-bytevector bv [port [start [end]]]) */
static Val p_write_bytevector(int64_t argc, Val *argv) {
    int64_t start, end;
    if (!elle_check_bytevector("write-bytevector", argv[0])) return ELLE_EXC;
    ElleBytevector *bv = ELLE_AS(ElleBytevector, argv[0]);
    if (!elle_check_range("write-bytevector", argc, argv, 2, bv->len, &start, &end)) return ELLE_EXC;
    EllePort *p = binary_port("write-bytevector", argc, argv, 1, ELLE_PORT_OUTPUT);
    return p && elle_port_write("write-bytevector", p->f, (const char *)bv->bytes + start, (size_t)(end - start)) ? ELLE_NIL : ELLE_EXC;
}

/* ---- what a port is ------------------------------------------------------ */
static Val port_is(Val v, int flags) { return elle_bool(elle_is(v, ELLE_PORT) && (port(v)->h.flags & flags)); }
static Val p_portp(int64_t argc, Val *argv) { (void)argc; return elle_bool(elle_is(argv[0], ELLE_PORT)); }
static Val p_input_portp(int64_t argc, Val *argv) { (void)argc; return port_is(argv[0], ELLE_PORT_INPUT); }
static Val p_output_portp(int64_t argc, Val *argv) { (void)argc; return port_is(argv[0], ELLE_PORT_OUTPUT); }
static Val p_binary_portp(int64_t argc, Val *argv) {
    (void)argc;
    return elle_bool(elle_is(argv[0], ELLE_PORT) && !(port(argv[0])->h.flags & (ELLE_PORT_STRING | ELLE_PORT_MEMORY)) && port(argv[0])->f);
}
static int port_open(Val v) { return port(v)->f || (port(v)->h.flags & ELLE_PORT_STRING); }
static Val p_input_port_openp(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_PORT)) return elle_raise_type("input-port-open?", "a port", argv[0]);
    return elle_bool((port(argv[0])->h.flags & ELLE_PORT_INPUT) && port_open(argv[0]));
}
static Val p_output_port_openp(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_PORT)) return elle_raise_type("output-port-open?", "a port", argv[0]);
    return elle_bool((port(argv[0])->h.flags & ELLE_PORT_OUTPUT) && port_open(argv[0]));
}

/* close-port, close-input-port, close-output-port: closing twice is nothing */
static Val close_port(const char *who, Val v, int want) {
    if (!elle_is(v, ELLE_PORT) || (want && !(port(v)->h.flags & want)))
        return elle_raise_type(who, want == ELLE_PORT_INPUT ? "an input port" : want ? "an output port" : "a port", v);
    if (!elle_port_close(port(v))) return elle_raise("%s: error while closing: %s", who, strerror(errno));
    return ELLE_NIL;
}
static Val p_close_port(int64_t argc, Val *argv) { (void)argc; return close_port("close-port", argv[0], 0); }
static Val p_close_input_port(int64_t argc, Val *argv) { (void)argc; return close_port("close-input-port", argv[0], ELLE_PORT_INPUT); }
static Val p_close_output_port(int64_t argc, Val *argv) { (void)argc; return close_port("close-output-port", argv[0], ELLE_PORT_OUTPUT); }

/* (char-ready? [port]): whether read-char would not wait */
static Val p_char_ready(int64_t argc, Val *argv) {
    EllePort *p = port_or_current("char-ready?", argc, argv, 0, ELLE_PORT_INPUT);
    if (!p) return ELLE_EXC;
    if ((p->h.flags & ELLE_PORT_STRING) || p->npeeked) return ELLE_TRUE;
    return elle_bool(elle_platform_input_ready(p->f));
}

static Val p_peek_char(int64_t argc, Val *argv) {
    EllePort *p = port_or_current("peek-char", argc, argv, 0, ELLE_PORT_INPUT);
    return p ? next_char("peek-char", p, 1) : ELLE_EXC;
}

/* (read-string k [port]): up to k characters; the eof object if none */
static Val p_read_string(int64_t argc, Val *argv) {
    int64_t k;
    if (!read_count("read-string", argv[0], &k)) return ELLE_EXC;
    EllePort *p = port_or_current("read-string", argc, argv, 1, ELLE_PORT_INPUT);
    if (!p) return ELLE_EXC;
    ElleBuf b = {0};
    int64_t i = 0;
    for (; i < k; i++) {
        Val c = next_char("read-string", p, 0);
        if (c == ELLE_EXC) { elle_buf_free(&b); return ELLE_EXC; }
        if (c == ELLE_EOF) break;
        elle_buf_put_char("read-string", &b, c);
    }
    if (i == 0 && k > 0) { elle_buf_free(&b); return ELLE_EOF; }
    return elle_string_from_buf(&b);
}

/* A line without its newline, or nil at end of input. */
static Val p_read_line(int64_t argc, Val *argv) {
    EllePort *p = port_or_current("read-line", argc, argv, 0, ELLE_PORT_INPUT);
    if (!p) return ELLE_EXC;
    ElleBuf b = {0};
    int c, any = 0;
    while ((c = next_byte(p, 0)) != EOF) {
        any = 1;
        if (c == '\n') break;
        char ch = (char)c;
        elle_buf_put(&b, &ch, 1);
    }
    if (!any) { elle_buf_free(&b); return ELLE_NIL; }
    if (b.len && b.data[b.len - 1] == '\r') b.len--;
    return elle_text_from_buf("read-line", &b);
}

static Val p_eof_object(int64_t argc, Val *argv) { (void)argc, (void)argv; return ELLE_EOF; }
static Val p_eof_objectp(int64_t argc, Val *argv) { (void)argc; return elle_bool(argv[0] == ELLE_EOF); }

/* ---- writing characters and strings ---------------------------------- */
static Val p_write_char(int64_t argc, Val *argv) {
    if (!elle_is_char(argv[0])) return elle_raise_type("write-char", "a character", argv[0]);
    FILE *f = elle_port_arg("write-char", argc, argv, 1, ELLE_PORT_OUTPUT);
    if (!f) return ELLE_EXC;
    char enc[4];
    return elle_port_write("write-char", f, enc, elle_utf8_encode(elle_char_value(argv[0]), enc)) ? ELLE_NIL : ELLE_EXC;
}

/* (write-string s [port [start [end]]]) */
static Val p_write_string(int64_t argc, Val *argv) {
    if (!elle_check_string("write-string", argv[0])) return ELLE_EXC;
    FILE *f = elle_port_arg("write-string", argc, argv, 1, ELLE_PORT_OUTPUT);
    if (!f) return ELLE_EXC;
    Val part = argv[0];
    if (argc > 2) {
        Val range[3] = {argv[0], argv[2], argc > 3 ? argv[3] : ELLE_NIL};
        part = elle_string_copy_range("write-string", argc - 1, range);
        ELLE_RETURN_IF_EXC(part);
    }
    ElleString *s = ELLE_AS(ElleString, part);
    return elle_port_write("write-string", f, s->bytes, (size_t)s->nbytes) ? ELLE_NIL : ELLE_EXC;
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_port_builtins[] = {
    PRIM("current-input-port", p_current_input_port, 0, 0)
    PRIM("current-output-port", p_current_output_port, 0, 0)
    PRIM("current-error-port", p_current_error_port, 0, 0)
    PRIM("open-input-string", p_open_input_string, 1, 1)
    PRIM("open-output-string", p_open_output_string, 0, 0)
    PRIM("get-output-string", p_get_output_string, 1, 1)
    PRIM("%set-current-port!", p_set_current_port, 2, 2)
    PRIM("read-char", p_read_char, 0, 1)
    PRIM("peek-char", p_peek_char, 0, 1)
    PRIM("char-ready?", p_char_ready, 0, 1)
    PRIM("read-u8", p_read_u8, 0, 1)
    PRIM("peek-u8", p_peek_u8, 0, 1)
    PRIM("u8-ready?", p_u8_ready, 0, 1)
    PRIM("read-bytevector", p_read_bytevector, 1, 2)
    PRIM("write-u8", p_write_u8, 1, 2)
    PRIM("write-bytevector", p_write_bytevector, 1, 4)
    PRIM("port?", p_portp, 1, 1)
    PRIM("input-port?", p_input_portp, 1, 1)
    PRIM("output-port?", p_output_portp, 1, 1)
    PRIM("textual-port?", p_portp, 1, 1)
    PRIM("binary-port?", p_binary_portp, 1, 1)
    PRIM("input-port-open?", p_input_port_openp, 1, 1)
    PRIM("output-port-open?", p_output_port_openp, 1, 1)
    PRIM("close-port", p_close_port, 1, 1)
    PRIM("close-input-port", p_close_input_port, 1, 1)
    PRIM("close-output-port", p_close_output_port, 1, 1)
    PRIM("read-string", p_read_string, 1, 2)
    PRIM("read-line", p_read_line, 0, 1)
    PRIM("eof-object", p_eof_object, 0, 0)
    PRIM("eof-object?", p_eof_objectp, 1, 1)
    PRIM("write-char", p_write_char, 1, 2)
    PRIM("write-string", p_write_string, 1, 4)
    {NULL, NULL, 0, 0}
};
