/* error.c — error objects, the pending-error slot, and argument checks. */
#include "internal.h"

#include <string.h>

static Val pending = ELLE_FALSE;
/* Where compiled code first saw the pending error (NULL: not yet known). */
static const ElleLoc *pending_loc;
/* The error last caught, and where it was raised: raised again (a
 * cleanup's or guard's re-raise), it keeps that place. */
static Val caught = ELLE_FALSE;
static const ElleLoc *caught_loc;

Val elle_make_error(Val message, Val irritants) {
    ElleError *e = elle_alloc(ELLE_ERROR, sizeof(ElleError));
    e->message = message;
    e->irritants = irritants;
    return (Val)(uintptr_t)e;
}

Val elle_raise_value(Val error_object) {
    pending = error_object;
    pending_loc = error_object == caught ? caught_loc : NULL;
    return ELLE_EXC;
}

void elle_error_locate(const ElleLoc *loc) {
    if (!pending_loc) pending_loc = loc;
}
const ElleLoc *elle_error_location(void) { return pending_loc; }

/* The messages of errors raised by executors rather than primitives, so
 * that every executor words them alike. */
Val elle_raise_arity(const char *name, int32_t min, int32_t max, int64_t got) {
    const char *s = min == 1 ? "" : "s";
    if (max == min) return elle_raise("%s: expected %d argument%s, got %lld", name, min, s, (long long)got);
    if (max < 0) return elle_raise("%s: expected at least %d argument%s, got %lld", name, min, s, (long long)got);
    return elle_raise("%s: expected %d to %d arguments, got %lld", name, min, max, (long long)got);
}

Val elle_raise_not_procedure(Val f) {
    ElleBuf b = {0};
    elle_buf_puts(&b, "attempt to call a non-procedure: ");
    elle_print_to(&b, f, 1);
    return elle_raise_value(elle_make_error(elle_string_from_buf(&b), ELLE_NIL));
}

Val elle_raise_unbound(Val name, int global) {
    size_t n;
    const char *s = elle_symbol_name(name, &n);
    if (global) return elle_raise("unbound variable: %.*s", (int)n, s);
    return elle_raise("%.*s is used before its definition", (int)n, s);
}

Val elle_raise_stack_overflow(void) { return elle_raise("stack overflow: recursion too deep"); }

Val elle_vraise(const char *fmt, va_list ap) {
    ElleBuf b = {0};
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *text = elle_xmalloc((size_t)n + 1);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    elle_buf_put(&b, text, (size_t)n);
    free(text);
    Val msg = elle_string_from_buf(&b);
    return elle_raise_value(elle_make_error(msg, ELLE_NIL));
}

Val elle_raise(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Val r = elle_vraise(fmt, ap);
    va_end(ap);
    return r;
}

static const char *kind_names[ELLE_KIND_COUNT] = {
    [ELLE_PAIR] = "pair", [ELLE_FLOAT] = "float", [ELLE_INT64] = "integer",
    [ELLE_STRING] = "string", [ELLE_SYMBOL] = "symbol", [ELLE_KEYWORD] = "keyword",
    [ELLE_VECTOR] = "vector", [ELLE_BYTEVECTOR] = "bytevector", [ELLE_HASHTABLE] = "hash table", [ELLE_CLOSURE] = "procedure",
    [ELLE_PRIMITIVE] = "procedure", [ELLE_BOX] = "box", [ELLE_ERROR] = "error",
    [ELLE_PORT] = "port", [ELLE_POINTER] = "pointer", [ELLE_CSTRUCT] = "C struct", [ELLE_CBLOCK] = "C memory", [ELLE_CALLBACK] = "callback",
    [ELLE_RECORD_TYPE] = "record type", [ELLE_RECORD] = "record",
};

const char *elle_type_name(Val v) {
    if (elle_is_fixnum(v)) return "integer";
    if (elle_is_char(v)) return "char";
    if (elle_is_cptr(v)) return "pointer";
    if (v == ELLE_TRUE || v == ELLE_FALSE) return "boolean";
    if (v == ELLE_NIL) return "nil";
    if (elle_is_ptr(v)) return kind_names[elle_kind(v)];
    return "special value";
}

Val elle_raise_type(const char *who, const char *expected, Val got) {
    ElleBuf b = {0};
    elle_buf_printf(&b, "%s: expected %s, got ", who, expected);
    elle_print_to(&b, got, 1);
    if (b.len > 200) {
        b.len = 200;
        while ((b.data[b.len] & 0xC0) == 0x80) b.len--; /* not inside a character */
        elle_buf_puts(&b, "...");
    }
    Val msg = elle_string_from_buf(&b);
    return elle_raise_value(elle_make_error(msg, ELLE_NIL));
}

Val elle_pending_error(void) { return pending; }
void elle_clear_error(void) {
    if (pending != ELLE_FALSE) {
        caught = pending;
        caught_loc = pending_loc;
    }
    pending = ELLE_FALSE;
    pending_loc = NULL;
}

Val elle_caught_error(void) { return caught; }

Val elle_error_text(Val e) {
    if (!elle_is(e, ELLE_ERROR)) {
        ElleBuf b = {0};
        elle_print_to(&b, e, 1);
        return elle_string_from_buf(&b);
    }
    ElleError *err = ELLE_AS(ElleError, e);
    if (err->irritants == ELLE_NIL) return err->message;
    ElleBuf b = {0};
    elle_print_to(&b, err->message, 0);
    for (Val l = err->irritants; elle_is(l, ELLE_PAIR); l = elle_cdr(l)) {
        elle_buf_puts(&b, " ");
        elle_print_to(&b, elle_car(l), 1);
    }
    return elle_string_from_buf(&b);
}

int elle_check_integer(const char *who, Val v, int64_t *out) {
    if (!elle_is_integer(v)) {
        elle_raise_type(who, "an integer", v);
        return 0;
    }
    if (!elle_integer_in_int64(v)) {
        char text[48];
        elle_raise("%s: %s is too large here", who, elle_wide_text(elle_integer_wide(v), text));
        return 0;
    }
    *out = elle_integer_value(v);
    return 1;
}

int elle_check_index(const char *who, Val v, int64_t len, int64_t *out) {
    if (!elle_is_integer(v)) return elle_check_integer(who, v, out);
    *out = elle_integer_in_int64(v) ? elle_integer_value(v) : -1; /* past int64: out of range too */
    if (*out < 0 || *out >= len) {
        char text[48];
        elle_raise("%s: index %s out of range (length %lld)", who, elle_wide_text(elle_integer_wide(v), text), (long long)len);
        return 0;
    }
    return 1;
}

int elle_check_string(const char *who, Val v) {
    if (elle_is(v, ELLE_STRING)) return 1;
    elle_raise_type(who, "a string", v);
    return 0;
}

int64_t elle_proper_length(Val v) {
    int64_t n = 0;
    Val l = v, slow = v;
    while (elle_is(l, ELLE_PAIR)) {
        n++;
        l = elle_cdr(l);
        /* the slow cursor moves every other step: meeting it means a cycle */
        if (!(n & 1)) slow = elle_cdr(slow);
        if (l == slow) return -1;
    }
    return l == ELLE_NIL ? n : -1;
}

int elle_check_list(const char *who, Val v, int64_t *len_out) {
    int64_t n = elle_proper_length(v);
    if (n < 0) {
        elle_raise_type(who, "a proper list", v);
        return 0;
    }
    if (len_out) *len_out = n;
    return 1;
}
