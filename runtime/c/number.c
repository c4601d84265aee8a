/* number.c — the numeric tower (integers of C's int64 and uint64 ranges,
 * doubles) and its primitives.
 *
 * Integer arithmetic is exact over -2^63 .. 2^64 - 1 and raises on overflow:
 * it is done in ElleWide (128 bits) and the result checked against the
 * range. A result mixing an integer and a float is a float. Float arithmetic
 * is IEEE.
 */
#include "internal.h"

#include <ctype.h>
#include <strings.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int is_float; ElleWide i; double d; } Num;

static int get_num(const char *who, Val v, Num *n) {
    if (elle_is_fixnum(v)) { n->is_float = 0; n->i = elle_fixnum_value(v); return 1; }
    if (elle_is(v, ELLE_INT64)) { n->is_float = 0; n->i = elle_integer_wide(v); return 1; }
    if (elle_is(v, ELLE_FLOAT)) { n->is_float = 1; n->d = ELLE_AS(ElleFloat, v)->d; return 1; }
    elle_raise_type(who, "a number", v);
    return 0;
}

static double as_double(const Num *n) { return n->is_float ? n->d : (double)n->i; }
static Val overflow(const char *who) { return elle_raise("%s: integer overflow", who); }

/* an integer result: the value, or an overflow error past the range */
static Val int_val(const char *who, ElleWide i) { return elle_wide_fits(i) ? elle_make_wide(i) : overflow(who); }
static Val num_val(const char *who, const Num *n) { return n->is_float ? elle_make_float(n->d) : int_val(who, n->i); }

typedef enum { OP_ADD, OP_SUB, OP_MUL } ArithOp;

static int arith2(const char *who, ArithOp op, Num *acc, const Num *b) {
    if (!acc->is_float && !b->is_float) {
        ElleWide r;
        int ovf = op == OP_ADD ? __builtin_add_overflow(acc->i, b->i, &r)
                : op == OP_SUB ? __builtin_sub_overflow(acc->i, b->i, &r)
                               : __builtin_mul_overflow(acc->i, b->i, &r);
        if (ovf || !elle_wide_fits(r)) { overflow(who); return 0; }
        acc->i = r;
        return 1;
    }
    double x = as_double(acc), y = as_double(b);
    acc->is_float = 1;
    acc->d = op == OP_ADD ? x + y : op == OP_SUB ? x - y : x * y;
    return 1;
}

static Val fold_arith(const char *who, ArithOp op, int64_t identity, int64_t argc, Val *argv) {
    Num acc = {0, identity, 0}, b;
    int64_t start = 0;
    if (op == OP_SUB) {
        if (argc == 1) {
            if (!get_num(who, argv[0], &b)) return ELLE_EXC;
            if (!arith2(who, OP_SUB, &acc, &b)) return ELLE_EXC;
            return num_val(who, &acc);
        }
        if (!get_num(who, argv[0], &acc)) return ELLE_EXC;
        start = 1;
    }
    for (int64_t i = start; i < argc; i++) {
        if (!get_num(who, argv[i], &b)) return ELLE_EXC;
        if (!arith2(who, op, &acc, &b)) return ELLE_EXC;
    }
    return num_val(who, &acc);
}

Val elle_p_add(int64_t argc, Val *argv) {
    if (argc == 2 && elle_is_fixnum(argv[0]) && elle_is_fixnum(argv[1])) {
        int64_t r;
        if (!__builtin_add_overflow(elle_fixnum_value(argv[0]), elle_fixnum_value(argv[1]), &r)) return elle_make_int(r);
    }
    return fold_arith("+", OP_ADD, 0, argc, argv);
}
Val elle_p_sub(int64_t argc, Val *argv) {
    if (argc == 2 && elle_is_fixnum(argv[0]) && elle_is_fixnum(argv[1]))
        return elle_make_int(elle_fixnum_value(argv[0]) - elle_fixnum_value(argv[1]));
    return fold_arith("-", OP_SUB, 0, argc, argv);
}
Val elle_p_mul(int64_t argc, Val *argv) { return fold_arith("*", OP_MUL, 1, argc, argv); }

static int div2(Num *acc, const Num *b) {
    if (!acc->is_float && !b->is_float) {
        if (b->i == 0) { elle_raise("/: division by zero"); return 0; }
        if (acc->i % b->i == 0) {
            acc->i /= b->i;
            if (!elle_wide_fits(acc->i)) { overflow("/"); return 0; }
            return 1;
        }
    }
    acc->d = as_double(acc) / as_double(b);
    acc->is_float = 1;
    return 1;
}

Val elle_p_div(int64_t argc, Val *argv) {
    Num acc = {0, 1, 0}, b;
    int64_t start = 0;
    if (argc > 1) {
        if (!get_num("/", argv[0], &acc)) return ELLE_EXC;
        start = 1;
    }
    for (int64_t i = start; i < argc; i++) {
        if (!get_num("/", argv[i], &b) || !div2(&acc, &b)) return ELLE_EXC;
    }
    return num_val("/", &acc);
}

typedef enum { DIV_QUOTIENT, DIV_REMAINDER, DIV_MODULO, DIV_FLOOR_QUOTIENT } DivKind;

static Val int_division(const char *who, DivKind kind, Val x, Val y) {
    Num a = {0}, b = {0};
    if (!get_num(who, x, &a) || !get_num(who, y, &b)) return ELLE_EXC;
    if (a.is_float || b.is_float) {
        double p = as_double(&a), q = as_double(&b);
        if (p != trunc(p)) return elle_raise_type(who, "an integer", x);
        if (q != trunc(q)) return elle_raise_type(who, "an integer", y);
        if (q == 0) return elle_raise("%s: division by zero", who);
        double r = kind == DIV_QUOTIENT ? trunc(p / q) : kind == DIV_FLOOR_QUOTIENT ? floor(p / q) : fmod(p, q);
        if (kind == DIV_MODULO && r != 0 && ((r < 0) != (q < 0))) r += q;
        return elle_make_float(r);
    }
    if (b.i == 0) return elle_raise("%s: division by zero", who);
    if (kind == DIV_QUOTIENT) return int_val(who, a.i / b.i);
    if (kind == DIV_FLOOR_QUOTIENT) return int_val(who, a.i / b.i - (a.i % b.i != 0 && (a.i < 0) != (b.i < 0)));
    ElleWide r = a.i % b.i;
    if (kind == DIV_MODULO && r != 0 && ((r < 0) != (b.i < 0))) r += b.i;
    return elle_make_wide(r);
}

static Val p_quotient(int64_t argc, Val *argv) { (void)argc; return int_division("quotient", DIV_QUOTIENT, argv[0], argv[1]); }
static Val p_remainder(int64_t argc, Val *argv) { (void)argc; return int_division("remainder", DIV_REMAINDER, argv[0], argv[1]); }
static Val p_modulo(int64_t argc, Val *argv) { (void)argc; return int_division("modulo", DIV_MODULO, argv[0], argv[1]); }
/* R7RS's names for the two roundings of integer division */
static Val p_floor_quotient(int64_t argc, Val *argv) { (void)argc; return int_division("floor-quotient", DIV_FLOOR_QUOTIENT, argv[0], argv[1]); }
static Val p_floor_remainder(int64_t argc, Val *argv) { (void)argc; return int_division("floor-remainder", DIV_MODULO, argv[0], argv[1]); }
static Val p_truncate_quotient(int64_t argc, Val *argv) { (void)argc; return int_division("truncate-quotient", DIV_QUOTIENT, argv[0], argv[1]); }
static Val p_truncate_remainder(int64_t argc, Val *argv) { (void)argc; return int_division("truncate-remainder", DIV_REMAINDER, argv[0], argv[1]); }

/* floor/ and truncate/: the quotient and the remainder, as two values */
static Val division_values(const char *who, DivKind quotient, DivKind remainder, Val x, Val y) {
    Val qr[2];
    qr[0] = int_division(who, quotient, x, y);
    if (qr[0] == ELLE_EXC) return ELLE_EXC;
    qr[1] = int_division(who, remainder, x, y);
    return qr[1] == ELLE_EXC ? ELLE_EXC : elle_values(2, qr);
}
static Val p_floor_div(int64_t argc, Val *argv) { (void)argc; return division_values("floor/", DIV_FLOOR_QUOTIENT, DIV_MODULO, argv[0], argv[1]); }
static Val p_truncate_div(int64_t argc, Val *argv) { (void)argc; return division_values("truncate/", DIV_QUOTIENT, DIV_REMAINDER, argv[0], argv[1]); }

/* (exact-integer-sqrt k): s and k - s^2, s the largest with s^2 <= k */
static Val p_exact_integer_sqrt(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is_integer(argv[0]) || elle_integer_wide(argv[0]) < 0)
        return elle_raise_type("exact-integer-sqrt", "a non-negative exact integer", argv[0]);
    unsigned __int128 k = (unsigned __int128)elle_integer_wide(argv[0]);
    unsigned __int128 s = (unsigned __int128)sqrt((double)k); /* within a few of the answer */
    while (s * s > k) s--;
    while ((s + 1) * (s + 1) <= k) s++;
    Val sr[2];
    sr[0] = elle_make_wide((ElleWide)s);
    sr[1] = elle_make_wide((ElleWide)(k - s * s));
    return elle_values(2, sr);
}

static Val p_abs(int64_t argc, Val *argv) {
    (void)argc;
    Num n;
    if (!get_num("abs", argv[0], &n)) return ELLE_EXC;
    if (n.is_float) return elle_make_float(fabs(n.d));
    return n.i < 0 ? elle_make_wide(-n.i) : argv[0];
}

/* -1, 0, 1 for integer i against the double y (not NaN), exactly: an
 * integer past 2^53 has no double of its own, and R7RS compares exactly. */
static int int_vs_double(ElleWide i, double y) {
    if (y >= 0x1p64) return -1;
    if (y < -0x1p63) return 1;
    ElleWide t = (ElleWide)y; /* y within the range: truncation is exact */
    if (i != t) return (i > t) - (i < t);
    double frac = y - (double)t;
    return (frac < 0) - (frac > 0);
}

/* -1, 0, 1 for a<b, a=b, a>b; 2 if unordered (NaN) */
static int num_compare(const Num *a, const Num *b) {
    if (!a->is_float && !b->is_float) return (a->i > b->i) - (a->i < b->i);
    double x = as_double(a), y = as_double(b);
    if (isnan(x) || isnan(y)) return 2;
    if (!a->is_float) return int_vs_double(a->i, y);
    if (!b->is_float) return -int_vs_double(b->i, x);
    return (x > y) - (x < y);
}

typedef enum { CMP_EQ, CMP_LT, CMP_GT, CMP_LE, CMP_GE } CmpOp;

static Val compare_chain(const char *who, CmpOp op, int64_t argc, Val *argv) {
    Num a = {0}, b = {0};
    if (!get_num(who, argv[0], &a)) return ELLE_EXC;
    int ok = 1;
    for (int64_t i = 1; i < argc; i++) {
        if (!get_num(who, argv[i], &b)) return ELLE_EXC;
        int c = num_compare(&a, &b);
        int r = c == 2 ? 0
              : op == CMP_EQ ? c == 0 : op == CMP_LT ? c < 0 : op == CMP_GT ? c > 0 : op == CMP_LE ? c <= 0 : c >= 0;
        if (!r) ok = 0; /* keep checking argument types */
        a = b;
    }
    return elle_bool(ok);
}

Val elle_p_num_eq(int64_t argc, Val *argv) {
    if (argc == 2 && elle_is_fixnum(argv[0]) && elle_is_fixnum(argv[1])) return elle_bool(argv[0] == argv[1]);
    return compare_chain("=", CMP_EQ, argc, argv);
}
Val elle_p_lt(int64_t argc, Val *argv) {
    if (argc == 2 && elle_is_fixnum(argv[0]) && elle_is_fixnum(argv[1])) return elle_bool((int64_t)argv[0] < (int64_t)argv[1]);
    return compare_chain("<", CMP_LT, argc, argv);
}
Val elle_p_gt(int64_t argc, Val *argv) { return compare_chain(">", CMP_GT, argc, argv); }
Val elle_p_le(int64_t argc, Val *argv) { return compare_chain("<=", CMP_LE, argc, argv); }
Val elle_p_ge(int64_t argc, Val *argv) { return compare_chain(">=", CMP_GE, argc, argv); }

static Val extremum(const char *who, int want_max, int64_t argc, Val *argv) {
    Num best = {0}, n = {0};
    if (!get_num(who, argv[0], &best)) return ELLE_EXC;
    int any_float = best.is_float;
    for (int64_t i = 1; i < argc; i++) {
        if (!get_num(who, argv[i], &n)) return ELLE_EXC;
        any_float |= n.is_float;
        int c = num_compare(&n, &best);
        if (c == 2) { best.is_float = 1; best.d = NAN; continue; }
        if (want_max ? c > 0 : c < 0) best = n;
    }
    if (any_float && !best.is_float) { best.d = (double)best.i; best.is_float = 1; }
    return num_val(who, &best);
}
static Val p_min(int64_t argc, Val *argv) { return extremum("min", 0, argc, argv); }
static Val p_max(int64_t argc, Val *argv) { return extremum("max", 1, argc, argv); }

typedef enum { SIGN_ZERO, SIGN_POS, SIGN_NEG } SignTest;
static Val sign_test(const char *who, SignTest t, Val v) {
    Num n;
    if (!get_num(who, v, &n)) return ELLE_EXC;
    double d = as_double(&n);
    if (!n.is_float) return elle_bool(t == SIGN_ZERO ? n.i == 0 : t == SIGN_POS ? n.i > 0 : n.i < 0);
    return elle_bool(t == SIGN_ZERO ? d == 0 : t == SIGN_POS ? d > 0 : d < 0);
}
static Val p_zerop(int64_t argc, Val *argv) { (void)argc; return sign_test("zero?", SIGN_ZERO, argv[0]); }
static Val p_positivep(int64_t argc, Val *argv) { (void)argc; return sign_test("positive?", SIGN_POS, argv[0]); }
static Val p_negativep(int64_t argc, Val *argv) { (void)argc; return sign_test("negative?", SIGN_NEG, argv[0]); }

static Val parity(const char *who, int want_even, Val v) {
    Num n;
    if (!get_num(who, v, &n)) return ELLE_EXC;
    if (n.is_float) {
        if (n.d != trunc(n.d)) return elle_raise_type(who, "an integer", v);
        return elle_bool((fmod(n.d, 2.0) == 0) == want_even);
    }
    return elle_bool(((n.i & 1) == 0) == want_even);
}
static Val p_evenp(int64_t argc, Val *argv) { (void)argc; return parity("even?", 1, argv[0]); }
static Val p_oddp(int64_t argc, Val *argv) { (void)argc; return parity("odd?", 0, argv[0]); }

static Val rounding(const char *who, double (*f)(double), Val v) {
    Num n;
    if (!get_num(who, v, &n)) return ELLE_EXC;
    return n.is_float ? elle_make_float(f(n.d)) : v;
}
static Val p_floor(int64_t argc, Val *argv) { (void)argc; return rounding("floor", floor, argv[0]); }
static Val p_ceiling(int64_t argc, Val *argv) { (void)argc; return rounding("ceiling", ceil, argv[0]); }
static Val p_round(int64_t argc, Val *argv) { (void)argc; return rounding("round", nearbyint, argv[0]); } /* ties to even */
static Val p_truncate(int64_t argc, Val *argv) { (void)argc; return rounding("truncate", trunc, argv[0]); }

static Val p_sqrt(int64_t argc, Val *argv) {
    (void)argc;
    Num n;
    if (!get_num("sqrt", argv[0], &n)) return ELLE_EXC;
    if (!n.is_float && n.i >= 0) {
        ElleWide r = (ElleWide)sqrt((double)n.i);
        while (r > 0 && r * r > n.i) r--;
        while ((r + 1) * (r + 1) <= n.i) r++;
        if (r * r == n.i) return elle_make_wide(r);
    }
    return elle_make_float(sqrt(as_double(&n)));
}

static Val p_expt(int64_t argc, Val *argv) {
    (void)argc;
    Num b, e;
    if (!get_num("expt", argv[0], &b) || !get_num("expt", argv[1], &e)) return ELLE_EXC;
    /* 0 to a negative integer power is 1/0, an error as integer division by zero is */
    if (!b.is_float && !e.is_float && b.i == 0 && e.i < 0) return elle_raise("expt: division by zero");
    if (!b.is_float && !e.is_float && e.i >= 0) {
        ElleWide result = 1, base = b.i, k = e.i;
        while (k > 0) {
            if (k & 1) { if (__builtin_mul_overflow(result, base, &result) || !elle_wide_fits(result)) return overflow("expt"); }
            k >>= 1;
            if (k && (__builtin_mul_overflow(base, base, &base) || !elle_wide_fits(base))) return overflow("expt");
        }
        return elle_make_wide(result);
    }
    return elle_make_float(pow(as_double(&b), as_double(&e)));
}

static Val unary_float(const char *who, double (*f)(double), Val v) {
    Num n;
    if (!get_num(who, v, &n)) return ELLE_EXC;
    return elle_make_float(f(as_double(&n)));
}
static Val p_exp(int64_t argc, Val *argv) { (void)argc; return unary_float("exp", exp, argv[0]); }
static Val p_asin(int64_t argc, Val *argv) { (void)argc; return unary_float("asin", asin, argv[0]); }
static Val p_acos(int64_t argc, Val *argv) { (void)argc; return unary_float("acos", acos, argv[0]); }
static Val p_sin(int64_t argc, Val *argv) { (void)argc; return unary_float("sin", sin, argv[0]); }
static Val p_cos(int64_t argc, Val *argv) { (void)argc; return unary_float("cos", cos, argv[0]); }
static Val p_tan(int64_t argc, Val *argv) { (void)argc; return unary_float("tan", tan, argv[0]); }
static Val p_log(int64_t argc, Val *argv) {
    if (argc == 1) return unary_float("log", log, argv[0]);
    Num x, b;
    if (!get_num("log", argv[0], &x) || !get_num("log", argv[1], &b)) return ELLE_EXC;
    return elle_make_float(log(as_double(&x)) / log(as_double(&b)));
}
static Val p_atan(int64_t argc, Val *argv) {
    if (argc == 1) return unary_float("atan", atan, argv[0]);
    Num y, x;
    if (!get_num("atan", argv[0], &y) || !get_num("atan", argv[1], &x)) return ELLE_EXC;
    return elle_make_float(atan2(as_double(&y), as_double(&x)));
}

static Val p_exact_to_inexact(int64_t argc, Val *argv) {
    (void)argc;
    Num n;
    if (!get_num("exact->inexact", argv[0], &n)) return ELLE_EXC;
    return n.is_float ? argv[0] : elle_make_float((double)n.i);
}

static Val p_inexact_to_exact(int64_t argc, Val *argv) {
    (void)argc;
    Num n;
    if (!get_num("inexact->exact", argv[0], &n)) return ELLE_EXC;
    if (!n.is_float) return argv[0];
    if (n.d != trunc(n.d) || !(n.d >= -0x1p63 && n.d < 0x1p64))
        return elle_raise_type("inexact->exact", "a float with an integer value from -2^63 to 2^64 - 1", argv[0]);
    return elle_make_wide((ElleWide)n.d);
}

static Val p_numberp(int64_t argc, Val *argv) {
    (void)argc;
    return elle_bool(elle_is_integer(argv[0]) || elle_is(argv[0], ELLE_FLOAT));
}

/* Elle's numbers are real; a rational one is any but the infinities and NaN */
static Val p_rationalp(int64_t argc, Val *argv) {
    (void)argc;
    return elle_bool(elle_is_integer(argv[0]) || (elle_is(argv[0], ELLE_FLOAT) && isfinite(elle_float_value(argv[0]))));
}
static Val p_integerp(int64_t argc, Val *argv) {
    (void)argc;
    Val v = argv[0];
    if (elle_is_integer(v)) return ELLE_TRUE;
    return elle_bool(elle_is(v, ELLE_FLOAT) && isfinite(elle_float_value(v)) && elle_float_value(v) == trunc(elle_float_value(v)));
}
static Val p_floatp(int64_t argc, Val *argv) { (void)argc; return elle_bool(elle_is(argv[0], ELLE_FLOAT)); }
static Val p_exact_integerp(int64_t argc, Val *argv) { (void)argc; return elle_bool(elle_is_integer(argv[0])); }

/* predicates of a number's value (an integer is finite, and never NaN) */
typedef enum { IS_INEXACT, IS_NAN, IS_FINITE, IS_INFINITE } ValueTest;
static Val value_test(const char *who, ValueTest t, Val v) {
    Num n;
    if (!get_num(who, v, &n)) return ELLE_EXC;
    if (!n.is_float) return elle_bool(t == IS_FINITE);
    switch (t) {
    case IS_INEXACT: return ELLE_TRUE;
    case IS_NAN: return elle_bool(isnan(n.d));
    case IS_FINITE: return elle_bool(isfinite(n.d));
    case IS_INFINITE: return elle_bool(isinf(n.d));
    }
    return ELLE_FALSE;
}
static Val p_inexactp(int64_t argc, Val *argv) { (void)argc; return value_test("inexact?", IS_INEXACT, argv[0]); }
static Val p_nanp(int64_t argc, Val *argv) { (void)argc; return value_test("nan?", IS_NAN, argv[0]); }
static Val p_finitep(int64_t argc, Val *argv) { (void)argc; return value_test("finite?", IS_FINITE, argv[0]); }
static Val p_infinitep(int64_t argc, Val *argv) { (void)argc; return value_test("infinite?", IS_INFINITE, argv[0]); }

static Val p_square(int64_t argc, Val *argv) {
    (void)argc;
    Num n, m;
    if (!get_num("square", argv[0], &n)) return ELLE_EXC;
    m = n;
    return arith2("square", OP_MUL, &n, &m) ? num_val("square", &n) : ELLE_EXC;
}

static ElleWide gcd2(ElleWide a, ElleWide b) {
    while (b) {
        ElleWide t = a % b;
        a = b, b = t;
    }
    return a;
}

/* (gcd n ...) and (lcm n ...), non-negative, of integers: exact ones, or
 * floats with integer values, which make the result a float (R7RS) */
static Val gcd_lcm(const char *who, int lcm, int64_t argc, Val *argv) {
    ElleWide acc = lcm ? 1 : 0;
    int any_float = 0;
    for (int64_t i = 0; i < argc; i++) {
        Num n;
        if (!get_num(who, argv[i], &n)) return ELLE_EXC;
        ElleWide k = n.i;
        if (n.is_float) {
            if (!isfinite(n.d) || n.d != trunc(n.d) || fabs(n.d) >= 0x1p64) return elle_raise_type(who, "an integer", argv[i]);
            k = (ElleWide)n.d;
            any_float = 1;
        }
        if (k < 0) k = -k;
        if (!lcm) acc = gcd2(acc, k);
        else if (k == 0 || acc == 0) acc = 0;
        else if (__builtin_mul_overflow(acc / gcd2(acc, k), k, &acc) || !elle_wide_fits(acc)) return overflow(who);
    }
    return any_float ? elle_make_float((double)acc) : int_val(who, acc);
}
static Val p_gcd(int64_t argc, Val *argv) { return gcd_lcm("gcd", 0, argc, argv); }
static Val p_lcm(int64_t argc, Val *argv) { return gcd_lcm("lcm", 1, argc, argv); }
static Val p_exactp(int64_t argc, Val *argv) {
    (void)argc;
    Num n;
    if (!get_num("exact?", argv[0], &n)) return ELLE_EXC;
    return elle_bool(!n.is_float);
}

/* ---- text ------------------------------------------------------------ */

/* Shortest text that reads back as the same double, always with a point or
 * an exponent: 3.0, 0.1, 1e21, 1.5e-7, +inf.0, +nan.0. */
void elle_format_float(ElleBuf *b, double d) {
    if (isnan(d)) { elle_buf_puts(b, "+nan.0"); return; }
    if (isinf(d)) { elle_buf_puts(b, d > 0 ? "+inf.0" : "-inf.0"); return; }
    char sci[40];
    for (int prec = 0; prec < 17; prec++) {
        snprintf(sci, sizeof sci, "%.*e", prec, d);
        if (strtod(sci, NULL) == d) break;
    }
    /* sci is [-]d[.ddd]e±XX: split into digits and exponent */
    char digits[24];
    size_t nd = 0;
    const char *p = sci;
    int neg = *p == '-';
    if (neg) p++;
    for (; *p != 'e'; p++)
        if (*p != '.') digits[nd++] = *p;
    int exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    if (neg) elle_buf_puts(b, "-");
    if (exp10 >= -6 && exp10 < 21) { /* as JavaScript: 0.000001 but 1e-7, 1e20 as digits but 1e21 */
        if (exp10 < 0) {
            elle_buf_puts(b, "0.");
            for (int i = 0; i < -exp10 - 1; i++) elle_buf_puts(b, "0");
            elle_buf_put(b, digits, nd);
        } else {
            size_t int_digits = (size_t)exp10 + 1;
            for (size_t i = 0; i < int_digits; i++) elle_buf_put(b, i < nd ? &digits[i] : "0", 1);
            elle_buf_puts(b, ".");
            if (nd > int_digits) elle_buf_put(b, digits + int_digits, nd - int_digits);
            else elle_buf_puts(b, "0");
        }
    } else {
        elle_buf_put(b, digits, 1);
        if (nd > 1) {
            elle_buf_puts(b, ".");
            elle_buf_put(b, digits + 1, nd - 1);
        }
        elle_buf_printf(b, "e%d", exp10);
    }
}

const char *elle_wide_text(ElleWide w, char out[48]) {
    unsigned __int128 mag = (unsigned __int128)(w < 0 ? -w : w);
    char *p = out + 47;
    *p = 0;
    do { *--p = (char)('0' + (int)(mag % 10)); mag /= 10; } while (mag);
    if (w < 0) *--p = '-';
    return p;
}

static int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* The number `s` (n bytes, no prefix) names in `radix`, or #f; `text` is
 * the whole token, for messages. With `inexact`, an integer beyond Elle's
 * range is a float rather than an error. */
static Val parse_real(const char *text, size_t len, const char *s, size_t n, int radix, int inexact) {
    if (n == 6 && (strncasecmp(s, "+inf.0", 6) == 0 || strncasecmp(s, "-inf.0", 6) == 0))
        return elle_make_float(s[0] == '-' ? -INFINITY : INFINITY);
    if (n == 6 && (strncasecmp(s, "+nan.0", 6) == 0 || strncasecmp(s, "-nan.0", 6) == 0)) return elle_make_float(NAN);
    size_t j = 0;
    int neg = 0;
    if (s[j] == '+' || s[j] == '-') neg = s[j++] == '-';
    size_t int_start = j;
    while (j < n && digit_value(s[j]) < radix) j++;
    size_t int_digits = j - int_start;
    if (j == n) {
        if (int_digits == 0) return ELLE_FALSE;
        uint64_t mag = 0;
        double approx = 0;
        int fits = 1;
        for (size_t k = int_start; k < n; k++) {
            uint64_t d = (uint64_t)digit_value(s[k]);
            approx = approx * radix + (double)d;
            if (mag > (UINT64_MAX - d) / (uint64_t)radix) fits = 0;
            else mag = mag * (uint64_t)radix + d;
        }
        if (neg && mag > (uint64_t)INT64_MAX + 1) fits = 0;
        if (fits) return elle_make_wide(neg ? -(ElleWide)mag : (ElleWide)mag);
        if (inexact && radix == 10 && n < 128) {
            char buf[128]; /* strtod rounds once; the sum above rounds at every digit */
            memcpy(buf, s, n);
            buf[n] = 0;
            return elle_make_float(strtod(buf, NULL));
        }
        if (inexact) return elle_make_float(neg ? -approx : approx);
        return elle_raise("integer %.*s is outside Elle's integers (-2^63 to 2^64 - 1)", (int)len, text);
    }
    if (radix != 10) return ELLE_FALSE;
    size_t frac_digits = 0;
    if (s[j] == '.') {
        j++;
        while (j < n && s[j] >= '0' && s[j] <= '9') { j++; frac_digits++; }
    }
    if (int_digits + frac_digits == 0) return ELLE_FALSE;
    if (j < n && (s[j] == 'e' || s[j] == 'E')) {
        j++;
        if (j < n && (s[j] == '+' || s[j] == '-')) j++;
        size_t exp_start = j;
        while (j < n && s[j] >= '0' && s[j] <= '9') j++;
        if (j == exp_start) return ELLE_FALSE;
    }
    if (j != n) return ELLE_FALSE;
    char buf[128];
    if (n >= sizeof buf) return ELLE_FALSE;
    memcpy(buf, s, n);
    buf[n] = 0;
    return elle_make_float(strtod(buf, NULL));
}

/* The exact integer a decimal `s` (digits, a point, an exponent: parse_real
 * accepted it) names, computed from its digits, not through a double. */
static Val exact_decimal(const char *text, size_t len, const char *s, size_t n) {
    size_t j = 0;
    int neg = 0;
    if (s[j] == '+' || s[j] == '-') neg = s[j++] == '-';
    unsigned __int128 mag = 0;
    int64_t scale = 0; /* value = mag * 10^scale */
    const unsigned __int128 cap = (unsigned __int128)1 << 100;
    for (; j < n && s[j] != 'e' && s[j] != 'E'; j++) {
        if (s[j] == '.') { scale = -1; continue; }
        if (scale < 0) scale--;
        if (mag >= cap) goto out_of_range;
        mag = mag * 10 + (unsigned)(s[j] - '0');
    }
    if (scale < 0) scale++; /* the point itself counted once */
    if (j < n) {
        long e = strtol(s + j + 1, NULL, 10); /* digits only: parse_real checked */
        if (e > 1000 || e < -1000) { if (mag == 0) return elle_fixnum(0); if (e > 0) goto out_of_range; goto not_integer; }
        scale += e;
    }
    for (; scale > 0; scale--) {
        if (mag >= cap) goto out_of_range;
        mag *= 10;
    }
    for (; scale < 0; scale++) {
        if (mag % 10) goto not_integer;
        mag /= 10;
    }
    if (mag > (neg ? (unsigned __int128)INT64_MAX + 1 : (unsigned __int128)UINT64_MAX)) goto out_of_range;
    return elle_make_wide(neg ? -(ElleWide)mag : (ElleWide)mag);
out_of_range:
    return elle_raise("%.*s is outside Elle's integers (-2^63 to 2^64 - 1)", (int)len, text);
not_integer:
    return elle_raise("%.*s has no exact value: Elle's exact numbers are integers", (int)len, text);
}

/* The number a token names, after any radix prefix (#x #b #o #d) and
 * exactness prefix (#e #i), at most one of each, in either order; #f if it
 * names none. */
Val elle_parse_number(const char *text, size_t len, int radix) {
    size_t i = 0;
    char exactness = 0;
    int radix_given = 0;
    while (len - i >= 2 && text[i] == '#') {
        char c = (char)tolower((unsigned char)text[i + 1]);
        if (c == 'e' || c == 'i') {
            if (exactness) return ELLE_FALSE;
            exactness = c;
        } else {
            if (radix_given++) return ELLE_FALSE;
            radix = c == 'x' ? 16 : c == 'b' ? 2 : c == 'o' ? 8 : c == 'd' ? 10 : 0;
            if (!radix) return ELLE_FALSE;
        }
        i += 2;
    }
    if (i == len) return ELLE_FALSE;
    const char *s = text + i;
    size_t n = len - i;
    Val v = parse_real(text, len, s, n, radix, exactness == 'i');
    if (v == ELLE_FALSE || v == ELLE_EXC || !exactness) return v;
    if (exactness == 'i') return elle_is_integer(v) ? elle_make_float((double)elle_integer_wide(v)) : v;
    if (elle_is_integer(v)) return v;
    if (isinf(elle_float_value(v)) || isnan(elle_float_value(v)))
        return elle_raise("%.*s has no exact value", (int)len, text);
    return exact_decimal(text, len, s, n);
}

static Val p_number_to_string(int64_t argc, Val *argv) {
    Num n;
    if (!get_num("number->string", argv[0], &n)) return ELLE_EXC;
    int64_t radix = 10;
    if (argc > 1 && !elle_check_integer("number->string", argv[1], &radix)) return ELLE_EXC;
    if (radix != 2 && radix != 8 && radix != 10 && radix != 16) return elle_raise("number->string: radix must be 2, 8, 10 or 16, got %lld", (long long)radix);
    ElleBuf b = {0};
    if (n.is_float || radix == 10) {
        elle_print_to(&b, argv[0], 0);
        return elle_string_from_buf(&b);
    }
    char tmp[72];
    size_t k = sizeof tmp;
    uint64_t mag = (uint64_t)(n.i < 0 ? -n.i : n.i);
    do { tmp[--k] = "0123456789abcdef"[mag % (uint64_t)radix]; mag /= (uint64_t)radix; } while (mag);
    if (n.i < 0) tmp[--k] = '-';
    return elle_make_string(tmp + k, sizeof tmp - k);
}

static Val p_string_to_number(int64_t argc, Val *argv) {
    if (!elle_check_string("string->number", argv[0])) return ELLE_EXC;
    int64_t radix = 10;
    if (argc > 1 && !elle_check_integer("string->number", argv[1], &radix)) return ELLE_EXC;
    if (radix != 2 && radix != 8 && radix != 10 && radix != 16) return elle_raise("string->number: radix must be 2, 8, 10 or 16, got %lld", (long long)radix);
    size_t len;
    const char *s = elle_string_bytes(argv[0], &len);
    Val r = elle_parse_number(s, len, (int)radix);
    if (r == ELLE_EXC) { elle_clear_error(); return ELLE_FALSE; }
    return r;
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_number_builtins[] = {
    PRIM("+", elle_p_add, 0, -1)
    PRIM("-", elle_p_sub, 1, -1)
    PRIM("*", elle_p_mul, 0, -1)
    PRIM("/", elle_p_div, 1, -1)
    PRIM("quotient", p_quotient, 2, 2)
    PRIM("remainder", p_remainder, 2, 2)
    PRIM("modulo", p_modulo, 2, 2)
    PRIM("floor-quotient", p_floor_quotient, 2, 2)
    PRIM("floor/", p_floor_div, 2, 2)
    PRIM("truncate/", p_truncate_div, 2, 2)
    PRIM("exact-integer-sqrt", p_exact_integer_sqrt, 1, 1)
    PRIM("floor-remainder", p_floor_remainder, 2, 2)
    PRIM("truncate-quotient", p_truncate_quotient, 2, 2)
    PRIM("truncate-remainder", p_truncate_remainder, 2, 2)
    PRIM("abs", p_abs, 1, 1)
    PRIM("min", p_min, 1, -1)
    PRIM("max", p_max, 1, -1)
    PRIM("=", elle_p_num_eq, 1, -1)
    PRIM("<", elle_p_lt, 1, -1)
    PRIM(">", elle_p_gt, 1, -1)
    PRIM("<=", elle_p_le, 1, -1)
    PRIM(">=", elle_p_ge, 1, -1)
    PRIM("zero?", p_zerop, 1, 1)
    PRIM("positive?", p_positivep, 1, 1)
    PRIM("negative?", p_negativep, 1, 1)
    PRIM("even?", p_evenp, 1, 1)
    PRIM("odd?", p_oddp, 1, 1)
    PRIM("floor", p_floor, 1, 1)
    PRIM("ceiling", p_ceiling, 1, 1)
    PRIM("round", p_round, 1, 1)
    PRIM("truncate", p_truncate, 1, 1)
    PRIM("sqrt", p_sqrt, 1, 1)
    PRIM("expt", p_expt, 2, 2)
    PRIM("exp", p_exp, 1, 1)
    PRIM("log", p_log, 1, 2)
    PRIM("sin", p_sin, 1, 1)
    PRIM("cos", p_cos, 1, 1)
    PRIM("tan", p_tan, 1, 1)
    PRIM("atan", p_atan, 1, 2)
    PRIM("number->string", p_number_to_string, 1, 2)
    PRIM("string->number", p_string_to_number, 1, 2)
    PRIM("exact->inexact", p_exact_to_inexact, 1, 1)
    PRIM("inexact->exact", p_inexact_to_exact, 1, 1)
    PRIM("exact", p_inexact_to_exact, 1, 1)
    PRIM("inexact", p_exact_to_inexact, 1, 1)
    PRIM("number?", p_numberp, 1, 1)
    PRIM("real?", p_numberp, 1, 1)
    PRIM("complex?", p_numberp, 1, 1)
    PRIM("rational?", p_rationalp, 1, 1)
    PRIM("integer?", p_integerp, 1, 1)
    PRIM("float?", p_floatp, 1, 1)
    PRIM("exact?", p_exactp, 1, 1)
    PRIM("exact-integer?", p_exact_integerp, 1, 1)
    PRIM("inexact?", p_inexactp, 1, 1)
    PRIM("nan?", p_nanp, 1, 1)
    PRIM("finite?", p_finitep, 1, 1)
    PRIM("infinite?", p_infinitep, 1, 1)
    PRIM("square", p_square, 1, 1)
    PRIM("gcd", p_gcd, 0, -1)
    PRIM("lcm", p_lcm, 0, -1)
    PRIM("asin", p_asin, 1, 1)
    PRIM("acos", p_acos, 1, 1)
    {NULL, NULL, 0, 0}
};
