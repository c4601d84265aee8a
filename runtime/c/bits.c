/* bits.c — bit operations on integers (SRFI 151's names): two's complement
 * over the 64-bit range, exact or an error, as the rest of integer
 * arithmetic is. */
#include "internal.h"

static Val fold(const char *who, int64_t argc, Val *argv, int64_t identity, int op) {
    int64_t acc = identity, n;
    for (int64_t i = 0; i < argc; i++) {
        if (!elle_check_integer(who, argv[i], &n)) return ELLE_EXC;
        acc = op == 0 ? acc & n : op == 1 ? acc | n : acc ^ n;
    }
    return elle_make_int(acc);
}

static Val p_bitwise_and(int64_t argc, Val *argv) { return fold("bitwise-and", argc, argv, -1, 0); }
static Val p_bitwise_or(int64_t argc, Val *argv) { return fold("bitwise-or", argc, argv, 0, 1); }
static Val p_bitwise_xor(int64_t argc, Val *argv) { return fold("bitwise-xor", argc, argv, 0, 2); }

static Val p_bitwise_not(int64_t argc, Val *argv) {
    (void)argc;
    int64_t n;
    if (!elle_check_integer("bitwise-not", argv[0], &n)) return ELLE_EXC;
    return elle_make_int(~n);
}

/* (arithmetic-shift n count): n * 2^count, rounded down for a negative
 * count; a result past the 64-bit range is an overflow, never wrapped. */
static Val p_arithmetic_shift(int64_t argc, Val *argv) {
    (void)argc;
    int64_t n, count;
    if (!elle_check_integer("arithmetic-shift", argv[0], &n) || !elle_check_integer("arithmetic-shift", argv[1], &count)) return ELLE_EXC;
    if (count <= 0) return elle_make_int(count <= -64 ? (n < 0 ? -1 : 0) : n >> -count);
    if (n == 0) return argv[0];
    if (count >= 64) return elle_raise("arithmetic-shift: integer overflow");
    int64_t r = (int64_t)((uint64_t)n << count);
    if (r >> count != n) return elle_raise("arithmetic-shift: integer overflow");
    return elle_make_int(r);
}

/* (bit-count n): the 1 bits of a non-negative n, the 0 bits of a negative one */
static Val p_bit_count(int64_t argc, Val *argv) {
    (void)argc;
    int64_t n;
    if (!elle_check_integer("bit-count", argv[0], &n)) return ELLE_EXC;
    return elle_fixnum(__builtin_popcountll((uint64_t)(n < 0 ? ~n : n)));
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
