/* values.c — multiple values, without allocating.
 *
 * (values a b ...) with other than one value puts them in one buffer and
 * returns ELLE_VALUES, which means "the values are in the buffer". Who
 * takes them (let-values, receive, define-values, call-with-values) reads
 * the buffer right after the call that returned them, before anything
 * else runs that could call values again. One value is that value. */
#include "internal.h"

static Val *buffer;
static int64_t count, capacity;

Val elle_values(int64_t n, const Val *vs) {
    if (n == 1) return vs[0];
    if (n > capacity) {
        int64_t cap = capacity ? capacity : 8;
        while (cap < n) cap *= 2;
        buffer = elle_xrealloc(buffer, (size_t)cap * sizeof *buffer);
        capacity = cap;
    }
    for (int64_t i = 0; i < n; i++) buffer[i] = vs[i];
    count = n;
    return ELLE_VALUES;
}

void elle_mark_values(void (*mark)(Val)) {
    for (int64_t i = 0; i < count; i++) mark(buffer[i]);
}

static int64_t count_of(Val v) { return v == ELLE_VALUES ? count : 1; }

static const char *who_of(Val who, const char *otherwise) {
    return elle_is(who, ELLE_SYMBOL) ? elle_symbol_name(who, NULL) : otherwise;
}

static Val p_values(int64_t argc, Val *argv) { return elle_values(argc, argv); }

/* (%values-check v n rest who): v is n values, or n or more if rest */
static Val p_values_check(int64_t argc, Val *argv) {
    (void)argc;
    int64_t n, got = count_of(argv[0]);
    if (!elle_check_integer("%values-check", argv[1], &n)) return ELLE_EXC;
    int rest = elle_truthy(argv[2]);
    if (got == n || (rest && got > n)) return ELLE_NIL;
    return elle_raise("%s: expected %s%lld value%s, got %lld", who_of(argv[3], "%values-check"), rest ? "at least " : "",
                      (long long)n, n == 1 ? "" : "s", (long long)got);
}

/* (%value-ref v i): the i-th of the values v stands for */
static Val p_value_ref(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    if (!elle_check_index("%value-ref", argv[1], count_of(argv[0]), &i)) return ELLE_EXC;
    return argv[0] == ELLE_VALUES ? buffer[i] : argv[0];
}

static Val values_list(Val v, int64_t from) {
    if (v != ELLE_VALUES) return from == 0 ? elle_cons(v, ELLE_NIL) : ELLE_NIL;
    /* the buffer stays as it is while the list is made: cons calls no values */
    Val list = ELLE_NIL;
    for (int64_t i = count; i-- > from;) list = elle_cons(buffer[i], list);
    return list;
}

Val elle_values_to_list(Val v) { return values_list(v, 0); }

/* (%values-list v from): the values from index `from` on, as a list */
static Val p_values_list(int64_t argc, Val *argv) {
    (void)argc;
    int64_t from, n = count_of(argv[0]);
    if (!elle_check_integer("%values-list", argv[1], &from)) return ELLE_EXC;
    if (from < 0 || from > n) return elle_raise("%%values-list: %lld is not within 0 to %lld", (long long)from, (long long)n);
    return values_list(argv[0], from);
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_values_builtins[] = {
    PRIM("values", p_values, 0, -1)
    PRIM("%values-check", p_values_check, 4, 4)
    PRIM("%value-ref", p_value_ref, 2, 2)
    PRIM("%values-list", p_values_list, 2, 2)
    {NULL, NULL, 0, 0},
};
