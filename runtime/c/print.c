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

static void print_atom(ElleBuf *b, Val v, int write_mode) {
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
        case ELLE_VALUES: elle_buf_puts(b, "#<values>"); return;
        default: elle_buf_printf(b, "#<immediate 0x%llx>", (unsigned long long)v); return;
        }
    }
    switch ((ElleKind)elle_kind(v)) {
    case ELLE_INT64:
        if (elle_integer_in_int64(v)) elle_buf_printf(b, "%lld", (long long)ELLE_AS(ElleInt64, v)->i);
        else elle_buf_printf(b, "%llu", (unsigned long long)ELLE_AS(ElleInt64, v)->i);
        return;
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
    case ELLE_BYTEVECTOR: {
        ElleBytevector *bv = ELLE_AS(ElleBytevector, v);
        elle_buf_puts(b, "#u8(");
        for (int64_t i = 0; i < bv->len; i++) elle_buf_printf(b, i ? " %u" : "%u", bv->bytes[i]);
        elle_buf_puts(b, ")");
        return;
    }
    case ELLE_RECORD: { /* an opaque one: the others are containers */
        const char *name;
        size_t n;
        elle_record_type_name(ELLE_AS(ElleRecord, v)->type, &name, &n);
        elle_buf_printf(b, "#<%.*s>", (int)n, name);
        return;
    }
    case ELLE_RECORD_TYPE: {
        const char *name;
        size_t n;
        elle_record_type_name(v, &name, &n);
        elle_buf_printf(b, "#<record-type %.*s>", (int)n, name);
        return;
    }
    case ELLE_CSTRUCT: {
        size_t n;
        const char *t = elle_string_bytes(ELLE_AS(ElleCStruct, v)->type, &n);
        elle_buf_printf(b, "#<%.*s>", (int)n, t);
        return;
    }
    default: elle_buf_puts(b, "#<unknown>"); return;
    }
}


/* ---- pairs and vectors ------------------------------------------------
 * Printed with an explicit stack, so depth costs heap, not native stack.
 * Data with cycles is printed with R7RS datum labels (#0=(a . #0#)): every
 * cycle passes through a node that a depth-first walk reaches by a back
 * edge, and those nodes are labelled, so printing always ends. */

static int is_container(Val v) {
    return elle_is(v, ELLE_PAIR) || elle_is(v, ELLE_VECTOR) || (elle_is(v, ELLE_RECORD) && !elle_record_opaque(v));
}

/* Is v's unfolding a tree of at most *budget containers, nested at most
 * `depth` deep in cars? Then it has no cycle and needs no labels; most
 * printed data is, and this costs a walk and no map. */
static int small_tree(Val v, int64_t *budget, int depth) {
    if (depth == 0) return 0;
    while (is_container(v)) {
        if (--*budget < 0) return 0;
        if (!elle_is(v, ELLE_PAIR)) {
            int64_t len;
            Val *items = elle_items_of(v, &len);
            for (int64_t i = 0; i < len; i++)
                if (!small_tree(items[i], budget, depth - 1)) return 0;
            return 1;
        }
        if (!small_tree(elle_car(v), budget, depth - 1)) return 0;
        v = elle_cdr(v);
    }
    return 1;
}

enum { ON_PATH = 1, DONE = 2, NEEDS_LABEL = 4 };

typedef struct { Val v; int leaving; } Visit;
typedef struct { Visit *items; size_t len, cap; } VisitStack;

static void visit_push(VisitStack *s, Val v, int leaving) {
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->items = elle_xrealloc(s->items, s->cap * sizeof *s->items);
    }
    s->items[s->len++] = (Visit){v, leaving};
}

/* Marks NEEDS_LABEL on the targets of back edges of a depth-first walk,
 * and with `shared` on every container met more than once. */
static void find_labels(Val root, ElleSeen *marks, int shared) {
    VisitStack stack = {0};
    visit_push(&stack, root, 0);
    while (stack.len) {
        Visit at = stack.items[--stack.len];
        int64_t *m = elle_seen_slot(marks, at.v, 0);
        if (at.leaving) { *m = (*m & NEEDS_LABEL) | DONE; continue; }
        if (*m & ON_PATH) { *m |= NEEDS_LABEL; continue; }
        if (*m & DONE) { if (shared) *m |= NEEDS_LABEL; continue; }
        *m |= ON_PATH;
        visit_push(&stack, at.v, 1);
        /* children pushed last-first, so the car is walked first, as printed */
        if (elle_is(at.v, ELLE_PAIR)) {
            if (is_container(elle_cdr(at.v))) visit_push(&stack, elle_cdr(at.v), 0);
            if (is_container(elle_car(at.v))) visit_push(&stack, elle_car(at.v), 0);
        } else {
            int64_t len;
            Val *items = elle_items_of(at.v, &len);
            for (int64_t i = len; i-- > 0;)
                if (is_container(items[i])) visit_push(&stack, items[i], 0);
        }
    }
    free(stack.items);
}

/* What is left to print of an open list, vector or record. */
typedef struct { Val v; int64_t next; } Open; /* next: vector or record index; -1 list; -2 dotted tail printed */
typedef struct { Open *items; size_t len, cap; } OpenStack;

static void open_push(OpenStack *s, Val v, int64_t next) {
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->items = elle_xrealloc(s->items, s->cap * sizeof *s->items);
    }
    s->items[s->len++] = (Open){v, next};
}

/* The label to print before a container, or after which to stop:
 * 0 none; n > 0 define #(n-1)=; n < 0 refer to #(-n-1)#. */
static int64_t label_of(ElleSeen *marks, int64_t *next_label, Val v) {
    if (!marks) return 0;
    int64_t m = elle_seen_get(marks, v, 0);
    if (!(m & NEEDS_LABEL)) return 0;
    int64_t n = m >> 3;
    if (n) return -n;
    n = ++*next_label;
    *elle_seen_slot(marks, v, 0) = m | (n << 3);
    return n;
}

static int label_of_peek(ElleSeen *marks, Val v) {
    return marks && (elle_seen_get(marks, v, 0) & NEEDS_LABEL);
}

void elle_print_to(ElleBuf *b, Val v, int write_mode) {
    if (!is_container(v)) { print_atom(b, v, write_mode); return; }
    ElleSeen labels = {0};
    int64_t budget = (int64_t)1 << 24, next_label = 0;
    ElleSeen *marks = NULL;
    int shared = write_mode == ELLE_WRITE_SHARED;
    if (shared || !small_tree(v, &budget, 10000)) {
        find_labels(v, &labels, shared);
        marks = &labels;
    }
    OpenStack open = {0};
    for (;;) {
        /* print v, or open it */
        int64_t label = is_container(v) ? label_of(marks, &next_label, v) : 0;
        if (label < 0) elle_buf_printf(b, "#%lld#", (long long)(-label - 1));
        else {
            if (label > 0) elle_buf_printf(b, "#%lld=", (long long)(label - 1));
            if (elle_is(v, ELLE_PAIR)) {
                elle_buf_puts(b, "(");
                open_push(&open, elle_cdr(v), -1);
                v = elle_car(v);
                continue;
            }
            if (elle_is(v, ELLE_VECTOR)) {
                elle_buf_puts(b, "[");
                open_push(&open, v, 0);
            } else if (is_container(v)) { /* a record */
                const char *name;
                size_t n;
                elle_record_type_name(ELLE_AS(ElleRecord, v)->type, &name, &n);
                elle_buf_printf(b, "#<%.*s", (int)n, name);
                open_push(&open, v, 0);
            } else print_atom(b, v, write_mode);
        }
        /* v is done: go on with the innermost open list or vector */
        for (;;) {
            if (!open.len) goto done;
            Open *o = &open.items[open.len - 1];
            if (o->next >= 0 && elle_is(o->v, ELLE_RECORD)) {
                /* #<point x: 1 y: 2>, as Guile writes records */
                ElleRecord *r = ELLE_AS(ElleRecord, o->v);
                if (o->next < r->h.aux) {
                    Val field = ELLE_AS(ElleVector, ELLE_AS(ElleRecordType, r->type)->fields)->items[o->next];
                    size_t n;
                    const char *name = elle_symbol_name(field, &n);
                    elle_buf_printf(b, " %.*s: ", (int)n, name);
                    v = r->fields[o->next++];
                    break;
                }
                elle_buf_puts(b, ">");
            } else if (o->next >= 0) {
                ElleVector *vec = ELLE_AS(ElleVector, o->v);
                if (o->next < vec->len) {
                    if (o->next) elle_buf_puts(b, " ");
                    v = vec->items[o->next++];
                    break;
                }
                elle_buf_puts(b, "]");
            } else if (o->next == -1 && o->v != ELLE_NIL) {
                Val rest = o->v;
                if (elle_is(rest, ELLE_PAIR) && !label_of_peek(marks, rest)) {
                    elle_buf_puts(b, " ");
                    o->v = elle_cdr(rest);
                    v = elle_car(rest);
                } else {
                    elle_buf_puts(b, " . ");
                    o->next = -2;
                    v = rest;
                }
                break;
            } else elle_buf_puts(b, ")");
            open.len--;
        }
    }
done:
    free(open.items);
    elle_seen_free(&labels);
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
