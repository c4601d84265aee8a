/* bytevector.c — bytevectors, the type for raw bytes (R7RS's names, and
 * R6RS's typed native-order accessors). The collector never moves one, so
 * C takes its bytes where it takes a pointer, without a copy. */
#include "internal.h"

#include <string.h>

static ElleBytevector *bv(Val v) { return ELLE_AS(ElleBytevector, v); }

Val elle_make_bytevector(const char *who, int64_t len) {
    if (len < 0) return elle_raise("%s: a length cannot be negative: %lld", who, (long long)len);
    ElleBytevector *b = elle_try_alloc(ELLE_BYTEVECTOR, sizeof(ElleBytevector) + (size_t)len);
    if (!b) return elle_raise("%s: out of memory for %lld bytes", who, (long long)len);
    b->len = len;
    return (Val)(uintptr_t)b;
}

int elle_check_bytevector(const char *who, Val v) {
    if (elle_is(v, ELLE_BYTEVECTOR)) return 1;
    elle_raise_type(who, "a bytevector", v);
    return 0;
}

/* the optional [start [end]] of argv[first...], within 0..len */
int elle_check_range(const char *who, int64_t argc, Val *argv, int first, int64_t len, int64_t *start, int64_t *end) {
    *start = 0;
    *end = len;
    if (argc > first && !elle_check_integer(who, argv[first], start)) return 0;
    if (argc > first + 1 && !elle_check_integer(who, argv[first + 1], end)) return 0;
    if (*start < 0 || *end > len || *start > *end) {
        elle_raise("%s: range %lld..%lld is not within 0..%lld", who, (long long)*start, (long long)*end, (long long)len);
        return 0;
    }
    return 1;
}

static int byte_arg(const char *who, Val v, uint8_t *out) {
    if (!elle_is_integer(v) || elle_integer_wide(v) < 0 || elle_integer_wide(v) > 255) {
        elle_raise_type(who, "a byte (an integer 0 to 255)", v);
        return 0;
    }
    *out = (uint8_t)elle_integer_value(v);
    return 1;
}

static Val p_bytevectorp(int64_t argc, Val *argv) {
    (void)argc;
    return elle_bool(elle_is(argv[0], ELLE_BYTEVECTOR));
}

static Val p_make_bytevector(int64_t argc, Val *argv) {
    int64_t len;
    uint8_t fill = 0;
    if (!elle_check_integer("make-bytevector", argv[0], &len)) return ELLE_EXC;
    if (argc > 1 && !byte_arg("make-bytevector", argv[1], &fill)) return ELLE_EXC;
    Val v = elle_make_bytevector("make-bytevector", len);
    if (v != ELLE_EXC) memset(bv(v)->bytes, fill, (size_t)len);
    return v;
}

static Val p_bytevector(int64_t argc, Val *argv) {
    Val v = elle_make_bytevector("bytevector", argc);
    for (int64_t i = 0; v != ELLE_EXC && i < argc; i++)
        if (!byte_arg("bytevector", argv[i], &bv(v)->bytes[i])) return ELLE_EXC;
    return v;
}

static Val p_bytevector_length(int64_t argc, Val *argv) {
    (void)argc;
    return elle_check_bytevector("bytevector-length", argv[0]) ? elle_fixnum(bv(argv[0])->len) : ELLE_EXC;
}

static Val p_u8_ref(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    if (!elle_check_bytevector("bytevector-u8-ref", argv[0]) || !elle_check_index("bytevector-u8-ref", argv[1], bv(argv[0])->len, &i)) return ELLE_EXC;
    return elle_fixnum(bv(argv[0])->bytes[i]);
}

static Val p_u8_set(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    uint8_t b;
    if (!elle_check_bytevector("bytevector-u8-set!", argv[0]) || !elle_check_index("bytevector-u8-set!", argv[1], bv(argv[0])->len, &i) ||
        !byte_arg("bytevector-u8-set!", argv[2], &b))
        return ELLE_EXC;
    bv(argv[0])->bytes[i] = b;
    return ELLE_NIL;
}

static Val p_bytevector_copy(int64_t argc, Val *argv) {
    int64_t start, end;
    if (!elle_check_bytevector("bytevector-copy", argv[0]) || !elle_check_range("bytevector-copy", argc, argv, 1, bv(argv[0])->len, &start, &end)) return ELLE_EXC;
    Val v = elle_make_bytevector("bytevector-copy", end - start);
    if (v != ELLE_EXC) memcpy(bv(v)->bytes, bv(argv[0])->bytes + start, (size_t)(end - start));
    return v;
}

/* (bytevector-copy! to at from [start [end]]) */
static Val p_bytevector_copy_into(int64_t argc, Val *argv) {
    const char *who = "bytevector-copy!";
    int64_t at, start, end;
    if (!elle_check_bytevector(who, argv[0]) || !elle_check_integer(who, argv[1], &at) || !elle_check_bytevector(who, argv[2]) ||
        !elle_check_range(who, argc, argv, 3, bv(argv[2])->len, &start, &end))
        return ELLE_EXC;
    if (at < 0 || at > bv(argv[0])->len || end - start > bv(argv[0])->len - at)
        return elle_raise("%s: %lld bytes at %lld do not fit in a bytevector of %lld", who, (long long)(end - start), (long long)at, (long long)bv(argv[0])->len);
    memmove(bv(argv[0])->bytes + at, bv(argv[2])->bytes + start, (size_t)(end - start));
    return ELLE_NIL;
}

static Val p_bytevector_append(int64_t argc, Val *argv) {
    int64_t total = 0;
    for (int64_t i = 0; i < argc; i++) {
        if (!elle_check_bytevector("bytevector-append", argv[i])) return ELLE_EXC;
        total += bv(argv[i])->len;
    }
    Val v = elle_make_bytevector("bytevector-append", total);
    if (v == ELLE_EXC) return v;
    for (int64_t i = 0, at = 0; i < argc; at += bv(argv[i])->len, i++) memcpy(bv(v)->bytes + at, bv(argv[i])->bytes, (size_t)bv(argv[i])->len);
    return v;
}

static Val p_bytevector_fill(int64_t argc, Val *argv) {
    int64_t start, end;
    uint8_t b;
    if (!elle_check_bytevector("bytevector-fill!", argv[0]) || !byte_arg("bytevector-fill!", argv[1], &b) ||
        !elle_check_range("bytevector-fill!", argc, argv, 2, bv(argv[0])->len, &start, &end))
        return ELLE_EXC;
    memset(bv(argv[0])->bytes + start, b, (size_t)(end - start));
    return ELLE_NIL;
}

/* ---- typed access in the machine's byte order (R6RS's -native- names) ----
 * A C scalar at any byte index, converted as C's values are (ffi.c): the
 * same range checks, a float narrowed. */

static char *element(const char *who, Val v, Val index, int bytes) {
    int64_t i;
    if (!elle_check_bytevector(who, v) || !elle_check_integer(who, index, &i)) return NULL;
    if (i < 0 || i > bv(v)->len - bytes) {
        elle_raise("%s: %d bytes at index %lld are outside a bytevector of %lld", who, bytes, (long long)i, (long long)bv(v)->len);
        return NULL;
    }
    return (char *)bv(v)->bytes + i;
}

static Val typed_ref(const char *who, int kind, int bytes, Val *argv) {
    char *at = element(who, argv[0], argv[1], bytes);
    return at ? elle_c_result(elle_c_load(at, kind, bytes), kind, bytes, who) : ELLE_EXC;
}

static Val typed_set(const char *who, int kind, int bytes, Val *argv) {
    char *at = element(who, argv[0], argv[1], bytes);
    uint64_t bits;
    if (!at || !elle_c_arg(argv[2], kind, bytes, who, 3, &bits)) return ELLE_EXC;
    elle_c_store(at, kind, bytes, bits);
    return ELLE_NIL;
}

#define TYPED(name, kind, bytes)                                                                                                          \
    static Val p_##name##_ref(int64_t argc, Val *argv) { (void)argc; return typed_ref("bytevector-" #name "-native-ref", kind, bytes, argv); } \
    static Val p_##name##_set(int64_t argc, Val *argv) { (void)argc; return typed_set("bytevector-" #name "-native-set!", kind, bytes, argv); }
TYPED(s8, ELLE_C_INT, 1)
TYPED(u16, ELLE_C_UINT, 2)
TYPED(s16, ELLE_C_INT, 2)
TYPED(u32, ELLE_C_UINT, 4)
TYPED(s32, ELLE_C_INT, 4)
TYPED(u64, ELLE_C_UINT, 8)
TYPED(s64, ELLE_C_INT, 8)
TYPED(f32, ELLE_C_FLOAT, 4)
TYPED(f64, ELLE_C_DOUBLE, 8)

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
#define TYPED_PRIMS(name) PRIM("bytevector-" #name "-native-ref", p_##name##_ref, 2, 2) PRIM("bytevector-" #name "-native-set!", p_##name##_set, 3, 3)
const ElleBuiltin elle_bytevector_builtins[] = {
    PRIM("bytevector?", p_bytevectorp, 1, 1)
    PRIM("make-bytevector", p_make_bytevector, 1, 2)
    PRIM("bytevector", p_bytevector, 0, -1)
    PRIM("bytevector-length", p_bytevector_length, 1, 1)
    PRIM("bytevector-u8-ref", p_u8_ref, 2, 2)
    PRIM("bytevector-u8-set!", p_u8_set, 3, 3)
    PRIM("bytevector-copy", p_bytevector_copy, 1, 3)
    PRIM("bytevector-copy!", p_bytevector_copy_into, 3, 5)
    PRIM("bytevector-append", p_bytevector_append, 0, -1)
    PRIM("bytevector-fill!", p_bytevector_fill, 2, 4)
    TYPED_PRIMS(s8) TYPED_PRIMS(u16) TYPED_PRIMS(s16) TYPED_PRIMS(u32) TYPED_PRIMS(s32)
    TYPED_PRIMS(u64) TYPED_PRIMS(s64) TYPED_PRIMS(f32) TYPED_PRIMS(f64)
    {NULL, NULL, 0, 0},
};
