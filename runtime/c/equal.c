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
    if (ka == ELLE_INT64) return elle_integer_wide(a) == elle_integer_wide(b);
    if (ka == ELLE_FLOAT) {
        double x = elle_float_value(a), y = elle_float_value(b);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    return 0;
}

static int same_bytes(const void *x, int64_t nx, const void *y, int64_t ny) { return nx == ny && memcmp(x, y, (size_t)nx) == 0; }

/* One step of equal?: 0 differ, 1 equal, 2 equal if their parts are. */
static int equal_shallow(Val a, Val b) {
    if (elle_eqv(a, b)) return 1;
    if (!elle_is_ptr(a) || !elle_is_ptr(b) || elle_kind(a) != elle_kind(b)) return 0;
    switch (elle_kind(a)) {
    case ELLE_STRING: {
        ElleString *x = ELLE_AS(ElleString, a), *y = ELLE_AS(ElleString, b);
        return same_bytes(x->bytes, x->nbytes, y->bytes, y->nbytes);
    }
    case ELLE_BYTEVECTOR: {
        ElleBytevector *x = ELLE_AS(ElleBytevector, a), *y = ELLE_AS(ElleBytevector, b);
        return same_bytes(x->bytes, x->len, y->bytes, y->len);
    }
    case ELLE_VECTOR: return ELLE_AS(ElleVector, a)->len == ELLE_AS(ElleVector, b)->len ? 2 : 0;
    case ELLE_RECORD: return ELLE_AS(ElleRecord, a)->type == ELLE_AS(ElleRecord, b)->type && !elle_record_opaque(a) ? 2 : 0;
    case ELLE_PAIR: return 2;
    default: return 0;
    }
}

/* Containers compared before equal? starts remembering the pairs it has
 * met: below it, the walk is a plain tree walk. */
#define EQUAL_TREE_BUDGET 10000

/* equal? as R7RS has it: it ends on cyclic data, and depth costs heap, not
 * native stack. Pairs of containers are compared with an explicit stack;
 * past the budget each pair compared is remembered and taken as equal when
 * met again, which is right for cycles (the pairs met form a bisimulation
 * when no difference is found). */
int elle_equal(Val a, Val b) {
    int r = equal_shallow(a, b);
    if (r != 2) return r;
    Val small[64];
    Val *stack = small;
    size_t len = 0, cap = 64;
    int64_t budget = EQUAL_TREE_BUDGET;
    ElleSeen seen = {0};
    int result = 1;
#define PUSH(x, y) do { \
        if (len + 2 > cap) { \
            cap *= 2; \
            stack = stack == small ? memcpy(elle_xmalloc(cap * sizeof *stack), small, sizeof small) \
                                   : elle_xrealloc(stack, cap * sizeof *stack); \
        } \
        stack[len++] = (x); stack[len++] = (y); \
    } while (0)
    PUSH(a, b);
    while (len) {
        b = stack[--len];
        a = stack[--len];
        if (--budget < 0) {
            int64_t *met = elle_seen_slot(&seen, a, b);
            if (*met) continue;
            *met = 1;
        }
        if (elle_is(a, ELLE_PAIR)) {
            /* the cdr is compared last, so a list's spine is walked in a loop */
            Val ca = elle_car(a), cb = elle_car(b), da = elle_cdr(a), db = elle_cdr(b);
            int rd = equal_shallow(da, db), rc = equal_shallow(ca, cb);
            if (!rd || !rc) { result = 0; break; }
            if (rd == 2) PUSH(da, db);
            if (rc == 2) PUSH(ca, cb);
        } else {
            int64_t n;
            Val *x = elle_items_of(a, &n), *y = elle_items_of(b, &n);
            for (int64_t i = n; i-- > 0;) {
                int ri = equal_shallow(x[i], y[i]);
                if (!ri) { result = 0; goto out; }
                if (ri == 2) PUSH(x[i], y[i]);
            }
        }
    }
out:
#undef PUSH
    if (stack != small) free(stack);
    elle_seen_free(&seen);
    return result;
}

static uint64_t mix(uint64_t h, uint64_t x) {
    h ^= x + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h;
}

static uint64_t hash_bytes(const void *p, int64_t n) {
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (int64_t i = 0; i < n; i++) h = (h ^ ((const unsigned char *)p)[i]) * 1099511628211ull;
    return h;
}

/* Containers are hashed to a small depth only, so that hashing ends on
 * cyclic data and costs little on big data; equal? decides the rest. */
static uint64_t hash_to(Val v, int depth) {
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
    case ELLE_STRING: return hash_bytes(ELLE_AS(ElleString, v)->bytes, ELLE_AS(ElleString, v)->nbytes);
    case ELLE_BYTEVECTOR: return mix(5, hash_bytes(ELLE_AS(ElleBytevector, v)->bytes, ELLE_AS(ElleBytevector, v)->len));
    case ELLE_PAIR: {
        uint64_t h = 4;
        int n = 0;
        if (depth == 0) return h;
        for (; elle_is(v, ELLE_PAIR) && n < 16; v = elle_cdr(v), n++) h = mix(h, hash_to(elle_car(v), depth - 1));
        return mix(h, n < 16 ? hash_to(v, depth - 1) : 0);
    }
    case ELLE_VECTOR: {
        ElleVector *vec = ELLE_AS(ElleVector, v);
        uint64_t h = mix(5, (uint64_t)vec->len);
        if (depth == 0) return h;
        for (int64_t i = 0; i < vec->len && i < 16; i++) h = mix(h, hash_to(vec->items[i], depth - 1));
        return h;
    }
    case ELLE_RECORD: {
        if (elle_record_opaque(v)) return mix(6, v);
        ElleRecord *r = ELLE_AS(ElleRecord, v);
        uint64_t h = mix(7, r->type);
        if (depth == 0) return h;
        for (uint32_t i = 0; i < r->h.aux && i < 16; i++) h = mix(h, hash_to(r->fields[i], depth - 1));
        return h;
    }
    default: return mix(6, v); /* identity: symbols, procedures, tables, ... */
    }
}

uint64_t elle_hash(Val v) { return hash_to(v, 4); }

#define ARG1 (void)argc; Val x = argv[0]
static Val p_not(int64_t argc, Val *argv) { ARG1; return elle_bool(!elle_truthy(x)); }
static Val p_eqp(int64_t argc, Val *argv) { (void)argc; return elle_bool(argv[0] == argv[1] || (elle_is(argv[0], ELLE_INT64) && elle_eqv(argv[0], argv[1]))); }
static Val p_eqvp(int64_t argc, Val *argv) { (void)argc; return elle_bool(elle_eqv(argv[0], argv[1])); }
static Val p_equalp(int64_t argc, Val *argv) { (void)argc; return elle_bool(elle_equal(argv[0], argv[1])); }
static Val p_booleanp(int64_t argc, Val *argv) { ARG1; return elle_bool(x == ELLE_TRUE || x == ELLE_FALSE); }
static Val p_symbolp(int64_t argc, Val *argv) { ARG1; return elle_bool(elle_is(x, ELLE_SYMBOL)); }
/* (boolean=? a b ...) and (symbol=? a b ...): all of the one type, and eq? */
static Val same_of_type(const char *who, const char *type, int (*is)(Val), int64_t argc, Val *argv) {
    for (int64_t i = 0; i < argc; i++)
        if (!is(argv[i])) return elle_raise_type(who, type, argv[i]);
    for (int64_t i = 0; i + 1 < argc; i++)
        if (argv[i] != argv[i + 1]) return ELLE_FALSE;
    return ELLE_TRUE;
}
static int is_boolean(Val v) { return v == ELLE_TRUE || v == ELLE_FALSE; }
static int is_symbol(Val v) { return elle_is(v, ELLE_SYMBOL); }
static Val p_boolean_eq(int64_t argc, Val *argv) { return same_of_type("boolean=?", "a boolean", is_boolean, argc, argv); }
static Val p_symbol_eq(int64_t argc, Val *argv) { return same_of_type("symbol=?", "a symbol", is_symbol, argc, argv); }
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
    PRIM("boolean=?", p_boolean_eq, 2, -1)
    PRIM("symbol=?", p_symbol_eq, 2, -1)
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
