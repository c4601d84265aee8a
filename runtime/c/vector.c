/* vector.c — vectors, with R7RS's optional [start [end]] ranges. */
#include "internal.h"

static ElleVector *vec(Val v) { return ELLE_AS(ElleVector, v); }

static int check_vector(const char *who, Val v) {
    if (elle_is(v, ELLE_VECTOR)) return 1;
    elle_raise_type(who, "a vector", v);
    return 0;
}

static int check_changeable(const char *who, Val v) {
    return check_vector(who, v) && elle_check_mutable(who, v) != ELLE_EXC;
}

static Val p_vector(int64_t argc, Val *argv) {
    Val v = elle_make_vector(argc, ELLE_NIL);
    for (int64_t i = 0; i < argc; i++) vec(v)->items[i] = argv[i];
    return v;
}

static Val p_make_vector(int64_t argc, Val *argv) {
    int64_t n;
    if (!elle_check_integer("make-vector", argv[0], &n)) return ELLE_EXC;
    if (n < 0 || n > ((int64_t)1 << 40)) return elle_raise("make-vector: bad length %lld", (long long)n);
    /* a length from the program may be more than there is memory for: an error it can catch */
    return elle_make_vector_checked("make-vector", n, argc > 1 ? argv[1] : elle_fixnum(0));
}

static Val p_vector_ref(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    if (!check_vector("vector-ref", argv[0])) return ELLE_EXC;
    if (!elle_check_index("vector-ref", argv[1], vec(argv[0])->len, &i)) return ELLE_EXC;
    return vec(argv[0])->items[i];
}

static Val p_vector_set(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    if (!check_changeable("vector-set!", argv[0])) return ELLE_EXC;
    if (!elle_check_index("vector-set!", argv[1], vec(argv[0])->len, &i)) return ELLE_EXC;
    vec(argv[0])->items[i] = argv[2];
    return ELLE_NIL;
}

static Val p_vector_length(int64_t argc, Val *argv) {
    (void)argc;
    if (!check_vector("vector-length", argv[0])) return ELLE_EXC;
    return elle_fixnum(vec(argv[0])->len);
}

/* the vector argv[0] and the range argv[first..] of it */
static int vector_range(const char *who, int64_t argc, Val *argv, int first, int64_t *start, int64_t *end) {
    return check_vector(who, argv[0]) && elle_check_range(who, argc, argv, first, vec(argv[0])->len, start, end);
}

static Val p_vector_to_list(int64_t argc, Val *argv) {
    int64_t start, end;
    if (!vector_range("vector->list", argc, argv, 1, &start, &end)) return ELLE_EXC;
    return elle_list_from(end - start, vec(argv[0])->items + start);
}

static Val p_list_to_vector(int64_t argc, Val *argv) {
    (void)argc;
    int64_t n;
    if (!elle_check_list("list->vector", argv[0], &n)) return ELLE_EXC;
    Val v = elle_make_vector(n, ELLE_NIL);
    int64_t i = 0;
    for (Val l = argv[0]; l != ELLE_NIL; l = elle_cdr(l)) vec(v)->items[i++] = elle_car(l);
    return v;
}

/* (vector-fill! v fill [start [end]]) */
static Val p_vector_fill(int64_t argc, Val *argv) {
    int64_t start, end;
    if (!check_changeable("vector-fill!", argv[0]) || !vector_range("vector-fill!", argc, argv, 2, &start, &end)) return ELLE_EXC;
    for (int64_t i = start; i < end; i++) vec(argv[0])->items[i] = argv[1];
    return ELLE_NIL;
}

/* (vector-copy v [start [end]]): a new vector */
static Val p_vector_copy(int64_t argc, Val *argv) {
    int64_t start, end;
    if (!vector_range("vector-copy", argc, argv, 1, &start, &end)) return ELLE_EXC;
    Val v = elle_make_vector_checked("vector-copy", end - start, ELLE_NIL);
    if (v == ELLE_EXC) return ELLE_EXC;
    memcpy(vec(v)->items, vec(argv[0])->items + start, (size_t)(end - start) * sizeof(Val));
    return v;
}

/* (vector-copy! to at from [start [end]]): overlapping ranges copy as if
 * through a temporary (R7RS) */
static Val p_vector_copy_into(int64_t argc, Val *argv) {
    int64_t at, start, end;
    if (!check_changeable("vector-copy!", argv[0]) || !check_vector("vector-copy!", argv[2])) return ELLE_EXC;
    if (!elle_check_range("vector-copy!", argc, argv, 3, vec(argv[2])->len, &start, &end)) return ELLE_EXC;
    if (!elle_check_index("vector-copy!", argv[1], vec(argv[0])->len + 1, &at)) return ELLE_EXC;
    if (end - start > vec(argv[0])->len - at)
        return elle_raise("vector-copy!: %lld elements do not fit at %lld in a vector of length %lld",
                          (long long)(end - start), (long long)at, (long long)vec(argv[0])->len);
    memmove(vec(argv[0])->items + at, vec(argv[2])->items + start, (size_t)(end - start) * sizeof(Val));
    return ELLE_NIL;
}

static Val p_vector_append(int64_t argc, Val *argv) {
    int64_t n = 0;
    for (int64_t i = 0; i < argc; i++) {
        if (!check_vector("vector-append", argv[i])) return ELLE_EXC;
        n += vec(argv[i])->len;
    }
    Val v = elle_make_vector_checked("vector-append", n, ELLE_NIL);
    if (v == ELLE_EXC) return ELLE_EXC;
    int64_t k = 0;
    for (int64_t i = 0; i < argc; i++) {
        memcpy(vec(v)->items + k, vec(argv[i])->items, (size_t)vec(argv[i])->len * sizeof(Val));
        k += vec(argv[i])->len;
    }
    return v;
}

/* (vector->string v [start [end]]): a string of its characters */
static Val p_vector_to_string(int64_t argc, Val *argv) {
    int64_t start, end;
    if (!vector_range("vector->string", argc, argv, 1, &start, &end)) return ELLE_EXC;
    ElleBuf b = {0};
    for (int64_t i = start; i < end; i++)
        if (!elle_buf_put_char("vector->string", &b, vec(argv[0])->items[i])) return ELLE_EXC;
    return elle_string_from_buf(&b);
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_vector_builtins[] = {
    PRIM("vector", p_vector, 0, -1)
    PRIM("make-vector", p_make_vector, 1, 2)
    PRIM("vector-ref", p_vector_ref, 2, 2)
    PRIM("vector-set!", p_vector_set, 3, 3)
    PRIM("vector-length", p_vector_length, 1, 1)
    PRIM("vector->list", p_vector_to_list, 1, 3)
    PRIM("list->vector", p_list_to_vector, 1, 1)
    PRIM("vector-fill!", p_vector_fill, 2, 4)
    PRIM("vector-copy", p_vector_copy, 1, 3)
    PRIM("vector-copy!", p_vector_copy_into, 3, 5)
    PRIM("vector-append", p_vector_append, 0, -1)
    PRIM("vector->string", p_vector_to_string, 1, 3)
    {NULL, NULL, 0, 0}
};
