/* equal.c — eq?/eqv?/equal?, the hash that agrees with equal?, and the
 * type predicates. */
#include "internal.h"

#include <string.h>

int elle_eqv(Val a, Val b) {
    if (a == b) return 1;
    if (elle_is_pointer(a) && elle_is_pointer(b)) return elle_pointer_raw(a) == elle_pointer_raw(b);
    if (!elle_is_ptr(a) || !elle_is_ptr(b)) return 0;
    int ka = elle_kind(a);
    if (ka != elle_kind(b)) return 0;
    if (ka == ELLE_INT64) return ELLE_AS(ElleInt64, a)->i == ELLE_AS(ElleInt64, b)->i;
    if (ka == ELLE_FLOAT) {
        double x = elle_float_value(a), y = elle_float_value(b);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    return 0;
}

int elle_equal(Val a, Val b) {
    for (;;) {
        if (elle_eqv(a, b)) return 1;
        if (!elle_is_ptr(a) || !elle_is_ptr(b) || elle_kind(a) != elle_kind(b)) return 0;
        switch (elle_kind(a)) {
        case ELLE_STRING: {
            ElleString *x = ELLE_AS(ElleString, a), *y = ELLE_AS(ElleString, b);
            return x->nbytes == y->nbytes && memcmp(x->bytes, y->bytes, (size_t)x->nbytes) == 0;
        }
        case ELLE_VECTOR: {
            ElleVector *x = ELLE_AS(ElleVector, a), *y = ELLE_AS(ElleVector, b);
            if (x->len != y->len) return 0;
            for (int64_t i = 0; i < x->len; i++)
                if (!elle_equal(x->items[i], y->items[i])) return 0;
            return 1;
        }
        case ELLE_PAIR:
            if (!elle_equal(elle_car(a), elle_car(b))) return 0;
            a = elle_cdr(a);
            b = elle_cdr(b);
            continue;
        default: return 0;
        }
    }
}

static uint64_t mix(uint64_t h, uint64_t x) {
    h ^= x + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h;
}

uint64_t elle_hash(Val v) {
    if (elle_is_pointer(v)) return mix(3, (uint64_t)(uintptr_t)elle_pointer_raw(v));
    if (!elle_is_ptr(v)) return mix(0, v);
    switch (elle_kind(v)) {
    case ELLE_INT64: return mix(1, (uint64_t)ELLE_AS(ElleInt64, v)->i);
    case ELLE_FLOAT: {
        double d = elle_float_value(v);
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return mix(2, bits);
    }
    case ELLE_STRING: {
        ElleString *s = ELLE_AS(ElleString, v);
        uint64_t h = 1469598103934665603ull;
        for (int64_t i = 0; i < s->nbytes; i++) h = (h ^ (unsigned char)s->bytes[i]) * 1099511628211ull;
        return h;
    }
    case ELLE_PAIR: {
        uint64_t h = 4;
        int n = 0;
        for (; elle_is(v, ELLE_PAIR) && n < 16; v = elle_cdr(v), n++) h = mix(h, elle_hash(elle_car(v)));
        return mix(h, n < 16 ? elle_hash(v) : 0);
    }
    case ELLE_VECTOR: {
        ElleVector *vec = ELLE_AS(ElleVector, v);
        uint64_t h = mix(5, (uint64_t)vec->len);
        for (int64_t i = 0; i < vec->len && i < 16; i++) h = mix(h, elle_hash(vec->items[i]));
        return h;
    }
    default: return mix(6, v); /* identity: symbols, procedures, tables, ... */
    }
}

#define ARG1 (void)argc; Val x = argv[0]
static Val p_not(int64_t argc, Val *argv) { ARG1; return elle_bool(!elle_truthy(x)); }
static Val p_eqp(int64_t argc, Val *argv) { (void)argc; return elle_bool(argv[0] == argv[1] || (elle_is(argv[0], ELLE_INT64) && elle_eqv(argv[0], argv[1]))); }
static Val p_eqvp(int64_t argc, Val *argv) { (void)argc; return elle_bool(elle_eqv(argv[0], argv[1])); }
static Val p_equalp(int64_t argc, Val *argv) { (void)argc; return elle_bool(elle_equal(argv[0], argv[1])); }
static Val p_booleanp(int64_t argc, Val *argv) { ARG1; return elle_bool(x == ELLE_TRUE || x == ELLE_FALSE); }
static Val p_symbolp(int64_t argc, Val *argv) { ARG1; return elle_bool(elle_is(x, ELLE_SYMBOL)); }
static Val p_keywordp(int64_t argc, Val *argv) { ARG1; return elle_bool(elle_is(x, ELLE_KEYWORD)); }
static Val p_stringp(int64_t argc, Val *argv) { ARG1; return elle_bool(elle_is(x, ELLE_STRING)); }
static Val p_charp(int64_t argc, Val *argv) { ARG1; return elle_bool(elle_is_char(x)); }
static Val p_procedurep(int64_t argc, Val *argv) { ARG1; return elle_bool(elle_is(x, ELLE_CLOSURE) || elle_is(x, ELLE_PRIMITIVE)); }
/* nil, or a pointer to address 0 */
static Val p_nullp(int64_t argc, Val *argv) { ARG1; return elle_bool(x == ELLE_NIL || (elle_is_pointer(x) && !elle_pointer_raw(x))); }
static Val p_pairp(int64_t argc, Val *argv) { ARG1; return elle_bool(elle_is(x, ELLE_PAIR)); }
static Val p_vectorp(int64_t argc, Val *argv) { ARG1; return elle_bool(elle_is(x, ELLE_VECTOR)); }
static Val p_hash_tablep(int64_t argc, Val *argv) { ARG1; return elle_bool(elle_is(x, ELLE_HASHTABLE)); }
static Val p_listp(int64_t argc, Val *argv) {
    ARG1;
    /* proper lists only; Floyd's cycle check so a circular list is not one */
    Val slow = x;
    for (;;) {
        if (x == ELLE_NIL) return ELLE_TRUE;
        if (!elle_is(x, ELLE_PAIR)) return ELLE_FALSE;
        x = elle_cdr(x);
        if (x == ELLE_NIL) return ELLE_TRUE;
        if (!elle_is(x, ELLE_PAIR)) return ELLE_FALSE;
        x = elle_cdr(x);
        slow = elle_cdr(slow);
        if (x == slow) return ELLE_FALSE;
    }
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_equal_builtins[] = {
    PRIM("not", p_not, 1, 1)
    PRIM("eq?", p_eqp, 2, 2)
    PRIM("eqv?", p_eqvp, 2, 2)
    PRIM("equal?", p_equalp, 2, 2)
    PRIM("boolean?", p_booleanp, 1, 1)
    PRIM("symbol?", p_symbolp, 1, 1)
    PRIM("keyword?", p_keywordp, 1, 1)
    PRIM("string?", p_stringp, 1, 1)
    PRIM("char?", p_charp, 1, 1)
    PRIM("procedure?", p_procedurep, 1, 1)
    PRIM("null?", p_nullp, 1, 1)
    PRIM("pair?", p_pairp, 1, 1)
    PRIM("list?", p_listp, 1, 1)
    PRIM("vector?", p_vectorp, 1, 1)
    PRIM("hash-table?", p_hash_tablep, 1, 1)
    {NULL, NULL, 0, 0}
};
