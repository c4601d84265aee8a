/* bits.c — bit operations on integers (SRFI 151's names): two's complement
 * over Elle's integer range, exact or an error, as the rest of integer
 * arithmetic is. Done in ElleWide, whose two's complement agrees with the
 * unbounded one SRFI 151 means for every value in the range. */
#include "internal.h"

static int wide_arg(const char *who, Val v, ElleWide *out) {
    if (!elle_is_integer(v)) {
        elle_raise_type(who, "an integer", v);
        return 0;
    }
    *out = elle_integer_wide(v);
    return 1;
}

static Val result(const char *who, ElleWide r) {
    return elle_wide_fits(r) ? elle_make_wide(r) : elle_raise("%s: integer overflow", who);
}

static Val fold(const char *who, int64_t argc, Val *argv, ElleWide identity, int op) {
    ElleWide acc = identity, n;
    for (int64_t i = 0; i < argc; i++) {
        if (!wide_arg(who, argv[i], &n)) return ELLE_EXC;
        acc = op == 0 ? acc & n : op == 1 ? acc | n : acc ^ n;
    }
    return result(who, acc);
}

static Val p_bitwise_and(int64_t argc, Val *argv) { return fold("bitwise-and", argc, argv, -1, 0); }
static Val p_bitwise_or(int64_t argc, Val *argv) { return fold("bitwise-or", argc, argv, 0, 1); }
static Val p_bitwise_xor(int64_t argc, Val *argv) { return fold("bitwise-xor", argc, argv, 0, 2); }

static Val p_bitwise_not(int64_t argc, Val *argv) {
    (void)argc;
    ElleWide n;
    if (!wide_arg("bitwise-not", argv[0], &n)) return ELLE_EXC;
    return result("bitwise-not", ~n);
}

/* (arithmetic-shift n count): n * 2^count, rounded down for a negative
 * count; a result past the range is an overflow, never wrapped. */
static Val p_arithmetic_shift(int64_t argc, Val *argv) {
    (void)argc;
    ElleWide n;
    int64_t count;
    if (!wide_arg("arithmetic-shift", argv[0], &n) || !elle_check_integer("arithmetic-shift", argv[1], &count)) return ELLE_EXC;
    if (count <= 0) return elle_make_wide(count <= -65 ? (n < 0 ? -1 : 0) : n >> -count);
    if (n == 0) return argv[0];
    if (count >= 65) return elle_raise("arithmetic-shift: integer overflow");
    ElleWide r;
    if (__builtin_mul_overflow(n, (ElleWide)1 << count, &r)) return elle_raise("arithmetic-shift: integer overflow");
    return result("arithmetic-shift", r);
}

/* (bit-count n): the 1 bits of a non-negative n, the 0 bits of a negative one */
static Val p_bit_count(int64_t argc, Val *argv) {
    (void)argc;
    ElleWide n;
    if (!wide_arg("bit-count", argv[0], &n)) return ELLE_EXC;
    unsigned __int128 u = (unsigned __int128)(n < 0 ? ~n : n);
    return elle_fixnum(__builtin_popcountll((uint64_t)u) + __builtin_popcountll((uint64_t)(u >> 64)));
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_bits_builtins[] = {
    PRIM("bitwise-and", p_bitwise_and, 0, -1)
    PRIM("bitwise-or", p_bitwise_or, 0, -1)
    PRIM("bitwise-xor", p_bitwise_xor, 0, -1)
    PRIM("bitwise-not", p_bitwise_not, 1, 1)
    PRIM("arithmetic-shift", p_arithmetic_shift, 2, 2)
    PRIM("bit-count", p_bit_count, 1, 1)
    {NULL, NULL, 0, 0},
};
