/* print.c — the printed forms of values (display and write) and format. */
#include "internal.h"

static void print_string_escaped(ElleBuf *b, ElleString *s) {
    elle_buf_puts(b, "\"");
    for (int64_t i = 0; i < s->nbytes; i++) {
        unsigned char c = (unsigned char)s->bytes[i];
        switch (c) {
        case '"': elle_buf_puts(b, "\\\""); break;
        case '\\': elle_buf_puts(b, "\\\\"); break;
        case '\n': elle_buf_puts(b, "\\n"); break;
        case '\t': elle_buf_puts(b, "\\t"); break;
        case '\r': elle_buf_puts(b, "\\r"); break;
        default:
            if (c < 0x20 || c == 0x7F) elle_buf_printf(b, "\\x%x;", c);
            else elle_buf_put(b, (const char *)&c, 1);
        }
    }
    elle_buf_puts(b, "\"");
}

static const struct { uint32_t cp; const char *name; } char_names[] = {
    {' ', "space"}, {'\n', "newline"}, {'\t', "tab"}, {'\r', "return"}, {0, "nul"},
    {0x7F, "delete"}, {0x1B, "escape"}, {0x08, "backspace"}, {0x07, "alarm"},
};

static void print_char(ElleBuf *b, uint32_t cp, int write_mode) {
    char enc[4];
    if (!write_mode) {
        elle_buf_put(b, enc, elle_utf8_encode(cp, enc));
        return;
    }
    for (size_t i = 0; i < sizeof char_names / sizeof char_names[0]; i++)
        if (char_names[i].cp == cp) {
            elle_buf_printf(b, "#\\%s", char_names[i].name);
            return;
        }
    if (cp < 0x20) {
        elle_buf_printf(b, "#\\x%x", cp);
        return;
    }
    elle_buf_puts(b, "#\\");
    elle_buf_put(b, enc, elle_utf8_encode(cp, enc));
}

void elle_print_to(ElleBuf *b, Val v, int write_mode) {
    if (elle_is_fixnum(v)) { elle_buf_printf(b, "%lld", (long long)elle_fixnum_value(v)); return; }
    if (elle_is_char(v)) { print_char(b, elle_char_value(v), write_mode); return; }
    if (elle_is_pointer(v)) { elle_buf_printf(b, "#<pointer %p>", elle_pointer_raw(v)); return; }
    if (!elle_is_ptr(v)) {
        switch (v) {
        case ELLE_TRUE: elle_buf_puts(b, "#t"); return;
        case ELLE_FALSE: elle_buf_puts(b, "#f"); return;
        case ELLE_NIL: elle_buf_puts(b, "nil"); return;
        case ELLE_EOF: elle_buf_puts(b, "#<eof>"); return;
        case ELLE_UNBOUND: elle_buf_puts(b, "#<unbound>"); return;
        default: elle_buf_printf(b, "#<immediate 0x%llx>", (unsigned long long)v); return;
        }
    }
    switch ((ElleKind)elle_kind(v)) {
    case ELLE_INT64: elle_buf_printf(b, "%lld", (long long)ELLE_AS(ElleInt64, v)->i); return;
    case ELLE_FLOAT: elle_format_float(b, elle_float_value(v)); return;
    case ELLE_STRING:
        if (write_mode) print_string_escaped(b, ELLE_AS(ElleString, v));
        else elle_buf_put(b, ELLE_AS(ElleString, v)->bytes, (size_t)ELLE_AS(ElleString, v)->nbytes);
        return;
    case ELLE_SYMBOL:
    case ELLE_KEYWORD: {
        size_t n;
        const char *name = elle_symbol_name(v, &n);
        if (elle_kind(v) == ELLE_KEYWORD) elle_buf_puts(b, ":");
        elle_buf_put(b, name, n);
        return;
    }
    case ELLE_PAIR: {
        elle_buf_puts(b, "(");
        for (;;) {
            elle_print_to(b, elle_car(v), write_mode);
            v = elle_cdr(v);
            if (v == ELLE_NIL) break;
            if (!elle_is(v, ELLE_PAIR)) {
                elle_buf_puts(b, " . ");
                elle_print_to(b, v, write_mode);
                break;
            }
            elle_buf_puts(b, " ");
        }
        elle_buf_puts(b, ")");
        return;
    }
    case ELLE_VECTOR: {
        ElleVector *vec = ELLE_AS(ElleVector, v);
        elle_buf_puts(b, "[");
        for (int64_t i = 0; i < vec->len; i++) {
            if (i) elle_buf_puts(b, " ");
            elle_print_to(b, vec->items[i], write_mode);
        }
        elle_buf_puts(b, "]");
        return;
    }
    case ELLE_HASHTABLE: elle_buf_printf(b, "#<hash-table %lld>", (long long)ELLE_AS(ElleHashTable, v)->count); return;
    case ELLE_CLOSURE: {
        Val name = ELLE_AS(ElleClosure, v)->name;
        if (elle_is(name, ELLE_SYMBOL)) {
            size_t n;
            const char *s = elle_symbol_name(name, &n);
            elle_buf_printf(b, "#<procedure %.*s>", (int)n, s);
        } else {
            elle_buf_puts(b, "#<procedure>");
        }
        return;
    }
    case ELLE_PRIMITIVE: elle_buf_printf(b, "#<procedure %s>", ELLE_AS(EllePrimitive, v)->name); return;
    case ELLE_BOX: elle_buf_puts(b, "#<box>"); return;
    case ELLE_ERROR: {
        elle_buf_puts(b, "#<error ");
        ElleString *text = ELLE_AS(ElleString, elle_error_text(v));
        print_string_escaped(b, text);
        elle_buf_puts(b, ">");
        return;
    }
    case ELLE_PORT: elle_buf_puts(b, "#<port>"); return;
    case ELLE_CSTRUCT: {
        size_t n;
        const char *t = elle_string_bytes(ELLE_AS(ElleCStruct, v)->type, &n);
        elle_buf_printf(b, "#<%.*s>", (int)n, t);
        return;
    }
    default: elle_buf_puts(b, "#<unknown>"); return;
    }
}

/* ~a display, ~s write, ~d a number (display), ~% and ~n newline, ~~ tilde */
Val elle_format_impl(const char *who, Val fmt, int64_t argc, Val *argv) {
    if (!elle_check_string(who, fmt)) return ELLE_EXC;
    ElleString *f = ELLE_AS(ElleString, fmt);
    ElleBuf b = {0};
    int64_t next = 0;
    for (int64_t i = 0; i < f->nbytes; i++) {
        char c = f->bytes[i];
        if (c != '~') { elle_buf_put(&b, &c, 1); continue; }
        if (++i == f->nbytes) { elle_buf_free(&b); return elle_raise("%s: the format string ends with '~'", who); }
        char d = f->bytes[i];
        switch (d) {
        case '%': case 'n': elle_buf_puts(&b, "\n"); continue;
        case '~': elle_buf_puts(&b, "~"); continue;
        case 'a': case 's': case 'd': case 'A': case 'S': case 'D': break;
        default: elle_buf_free(&b); return elle_raise("%s: unknown directive ~%c", who, d);
        }
        if (next == argc) { elle_buf_free(&b); return elle_raise("%s: too few arguments for the format string", who); }
        Val arg = argv[next++];
        if ((d == 'd' || d == 'D') && !elle_is_integer(arg) && !elle_is(arg, ELLE_FLOAT)) {
            elle_buf_free(&b);
            return elle_raise_type(who, "a number for ~d", arg);
        }
        elle_print_to(&b, arg, d == 's' || d == 'S');
    }
    if (next != argc) { elle_buf_free(&b); return elle_raise("%s: too many arguments for the format string", who); }
    return elle_string_from_buf(&b);
}

Val elle_to_string(Val v, int write_mode) {
    ElleBuf b = {0};
    elle_print_to(&b, v, write_mode);
    return elle_string_from_buf(&b);
}
