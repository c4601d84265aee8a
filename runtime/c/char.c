/* char.c — characters: code points, comparison, classes and case, by
 * Unicode's tables (unicode.c). */
#include "internal.h"

int elle_check_char(const char *who, Val v) {
    if (elle_is_char(v)) return 1;
    elle_raise_type(who, "a character", v);
    return 0;
}

int elle_order_eq(int c) { return c == 0; }
int elle_order_lt(int c) { return c < 0; }
int elle_order_gt(int c) { return c > 0; }
int elle_order_le(int c) { return c <= 0; }
int elle_order_ge(int c) { return c >= 0; }

static Val p_char_to_integer(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_char("char->integer", argv[0])) return ELLE_EXC;
    return elle_fixnum(elle_char_value(argv[0]));
}

static Val p_integer_to_char(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    if (!elle_check_integer("integer->char", argv[0], &i)) return ELLE_EXC;
    if (i < 0 || i > 0x10FFFF || (i >= 0xD800 && i <= 0xDFFF)) return elle_raise("integer->char: %lld is not a Unicode scalar value", (long long)i);
    return elle_char((uint32_t)i);
}

/* (char<? a b c ...): each pair in order; the -ci forms compare the
 * characters' simple case foldings */
static Val char_chain(const char *who, int (*ok)(int), int fold, int64_t argc, Val *argv) {
    for (int64_t i = 0; i < argc; i++)
        if (!elle_check_char(who, argv[i])) return ELLE_EXC;
    for (int64_t i = 0; i + 1 < argc; i++) {
        uint32_t a = elle_char_value(argv[i]), b = elle_char_value(argv[i + 1]);
        if (fold) a = elle_unicode_map(a, ELLE_UC_FOLDCASE), b = elle_unicode_map(b, ELLE_UC_FOLDCASE);
        if (!ok((a > b) - (a < b))) return ELLE_FALSE;
    }
    return ELLE_TRUE;
}
static Val p_char_eq(int64_t argc, Val *argv) { return char_chain("char=?", elle_order_eq, 0, argc, argv); }
static Val p_char_lt(int64_t argc, Val *argv) { return char_chain("char<?", elle_order_lt, 0, argc, argv); }
static Val p_char_gt(int64_t argc, Val *argv) { return char_chain("char>?", elle_order_gt, 0, argc, argv); }
static Val p_char_le(int64_t argc, Val *argv) { return char_chain("char<=?", elle_order_le, 0, argc, argv); }
static Val p_char_ge(int64_t argc, Val *argv) { return char_chain("char>=?", elle_order_ge, 0, argc, argv); }
static Val p_char_ci_eq(int64_t argc, Val *argv) { return char_chain("char-ci=?", elle_order_eq, 1, argc, argv); }
static Val p_char_ci_lt(int64_t argc, Val *argv) { return char_chain("char-ci<?", elle_order_lt, 1, argc, argv); }
static Val p_char_ci_gt(int64_t argc, Val *argv) { return char_chain("char-ci>?", elle_order_gt, 1, argc, argv); }
static Val p_char_ci_le(int64_t argc, Val *argv) { return char_chain("char-ci<=?", elle_order_le, 1, argc, argv); }
static Val p_char_ci_ge(int64_t argc, Val *argv) { return char_chain("char-ci>=?", elle_order_ge, 1, argc, argv); }

static Val char_class(const char *who, ElleUnicodeProperty p, Val c) {
    return elle_check_char(who, c) ? elle_bool(elle_unicode_has(elle_char_value(c), p)) : ELLE_EXC;
}
static Val p_char_alphabetic(int64_t argc, Val *argv) { (void)argc; return char_class("char-alphabetic?", ELLE_UC_ALPHABETIC, argv[0]); }
static Val p_char_numeric(int64_t argc, Val *argv) { (void)argc; return char_class("char-numeric?", ELLE_UC_NUMERIC, argv[0]); }
static Val p_char_whitespace(int64_t argc, Val *argv) { (void)argc; return char_class("char-whitespace?", ELLE_UC_WHITESPACE, argv[0]); }
static Val p_char_upper_case(int64_t argc, Val *argv) { (void)argc; return char_class("char-upper-case?", ELLE_UC_UPPER_CASE, argv[0]); }
static Val p_char_lower_case(int64_t argc, Val *argv) { (void)argc; return char_class("char-lower-case?", ELLE_UC_LOWER_CASE, argv[0]); }

/* (digit-value c): 0-9 for a decimal digit of any script, else #f */
static Val p_digit_value(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_char("digit-value", argv[0])) return ELLE_EXC;
    int d = elle_unicode_digit_value(elle_char_value(argv[0]));
    return d < 0 ? ELLE_FALSE : elle_fixnum(d);
}

static Val char_case(const char *who, ElleCaseMapping m, Val c) {
    return elle_check_char(who, c) ? elle_char(elle_unicode_map(elle_char_value(c), m)) : ELLE_EXC;
}
static Val p_char_upcase(int64_t argc, Val *argv) { (void)argc; return char_case("char-upcase", ELLE_UC_UPCASE, argv[0]); }
static Val p_char_downcase(int64_t argc, Val *argv) { (void)argc; return char_case("char-downcase", ELLE_UC_DOWNCASE, argv[0]); }
static Val p_char_foldcase(int64_t argc, Val *argv) { (void)argc; return char_case("char-foldcase", ELLE_UC_FOLDCASE, argv[0]); }

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_char_builtins[] = {
    PRIM("char->integer", p_char_to_integer, 1, 1)
    PRIM("integer->char", p_integer_to_char, 1, 1)
    PRIM("char=?", p_char_eq, 1, -1)
    PRIM("char<?", p_char_lt, 1, -1)
    PRIM("char>?", p_char_gt, 1, -1)
    PRIM("char<=?", p_char_le, 1, -1)
    PRIM("char>=?", p_char_ge, 1, -1)
    PRIM("char-ci=?", p_char_ci_eq, 1, -1)
    PRIM("char-ci<?", p_char_ci_lt, 1, -1)
    PRIM("char-ci>?", p_char_ci_gt, 1, -1)
    PRIM("char-ci<=?", p_char_ci_le, 1, -1)
    PRIM("char-ci>=?", p_char_ci_ge, 1, -1)
    PRIM("char-alphabetic?", p_char_alphabetic, 1, 1)
    PRIM("char-numeric?", p_char_numeric, 1, 1)
    PRIM("char-whitespace?", p_char_whitespace, 1, 1)
    PRIM("char-upper-case?", p_char_upper_case, 1, 1)
    PRIM("char-lower-case?", p_char_lower_case, 1, 1)
    PRIM("digit-value", p_digit_value, 1, 1)
    PRIM("char-upcase", p_char_upcase, 1, 1)
    PRIM("char-downcase", p_char_downcase, 1, 1)
    PRIM("char-foldcase", p_char_foldcase, 1, 1)
    {NULL, NULL, 0, 0}
};
