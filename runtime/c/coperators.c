/* coperators.c — what two of C's operators mean on Elle values, where a C
 * macro's body uses them (see cimport/macro_datum.rs): the rest map to
 * Elle's own arithmetic and bit operations. */
#include "internal.h"

/* (%c-true? x): C's test of a value, as `if`, `!`, `&&` and `?:` make it:
 * zero, a null pointer, nil and #f are false. */
static Val p_c_true(int64_t argc, Val *argv) {
    (void)argc;
    Val v = argv[0];
    if (elle_is_integer(v)) return elle_bool(elle_integer_wide(v) != 0);
    if (elle_is(v, ELLE_FLOAT)) return elle_bool(elle_float_value(v) != 0);
    if (elle_is_pointer(v)) return elle_bool(elle_pointer_raw(v) != NULL);
    return elle_bool(elle_truthy(v));
}

/* (%c/ a b): C's division: of two integers, the quotient truncated toward
 * zero; otherwise a float's. */
static Val p_c_divide(int64_t argc, Val *argv) {
    if (elle_is_integer(argv[0]) && elle_is_integer(argv[1])) {
        if (elle_integer_wide(argv[1]) == 0) return elle_raise("/: division by zero");
        ElleWide q = elle_integer_wide(argv[0]) / elle_integer_wide(argv[1]);
        return elle_wide_fits(q) ? elle_make_wide(q) : elle_raise("/: integer overflow");
    }
    return elle_p_div(argc, argv);
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_coperator_builtins[] = {
    PRIM("%c-true?", p_c_true, 1, 1)
    PRIM("%c/", p_c_divide, 2, 2)
    {NULL, NULL, 0, 0},
};
