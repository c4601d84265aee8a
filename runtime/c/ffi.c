/* ffi.c — Elle values to C arguments and C results to Elle values, for
 * every executor alike (the interpreter's libffi calls and compiled direct
 * calls use these), so a C call converts and fails the same way in both.
 *
 * Arguments travel as 64 bits: integers sign- or zero-extended, pointers,
 * and floating-point numbers as the bits of a double (a float parameter is
 * narrowed by the caller). */
#include "internal.h"

#include <limits.h>

#include <math.h>

/* argno 0: a callback's result, named by `fn` itself */
static int bad_arg(const char *fn, int argno, const char *expected, Val got) {
    char who[256];
    if (argno > 0) snprintf(who, sizeof who, "%s: argument %d", fn, argno);
    else snprintf(who, sizeof who, "%s", fn);
    elle_raise_type(who, expected, got);
    return 0;
}

int elle_c_arg(Val v, int kind, int bytes, const char *fn, int argno, uint64_t *out) {
    switch (kind) {
    case ELLE_C_BOOL:
        *out = elle_truthy(v) ? 1 : 0;
        return 1;
    case ELLE_C_INT:
    case ELLE_C_UINT: {
        /* C's booleans are integers (LLVMBool, gboolean): #t and #f are 1 and 0 */
        if (v == ELLE_TRUE || v == ELLE_FALSE) {
            *out = v == ELLE_TRUE;
            return 1;
        }
        if (!elle_is_integer(v)) return bad_arg(fn, argno, kind == ELLE_C_INT ? "an integer" : "a non-negative integer", v);
        ElleWide i = elle_integer_wide(v);
        int bits = bytes * 8;
        ElleWide lo = kind == ELLE_C_INT ? -((ElleWide)1 << (bits - 1)) : 0;
        ElleWide hi = kind == ELLE_C_INT ? ((ElleWide)1 << (bits - 1)) - 1 : ((ElleWide)1 << bits) - 1;
        if (i < lo || i > hi) {
            char text[48];
            elle_raise("%s: argument %d: %s is out of range for %sint%d_t", fn, argno, elle_wide_text(i, text), kind == ELLE_C_INT ? "" : "u", bits);
            return 0;
        }
        *out = (uint64_t)i;
        return 1;
    }
    case ELLE_C_FLOAT:
    case ELLE_C_DOUBLE: {
        double d;
        if (elle_is_integer(v)) d = (double)elle_integer_wide(v);
        else if (elle_is(v, ELLE_FLOAT)) d = elle_float_value(v);
        else return bad_arg(fn, argno, kind == ELLE_C_FLOAT ? "a number (float)" : "a number (double)", v);
        memcpy(out, &d, sizeof d);
        return 1;
    }
    case ELLE_C_CSTRING:
        if (elle_is(v, ELLE_STRING)) {
            *out = (uint64_t)(uintptr_t)ELLE_AS(ElleString, v)->bytes;
            return 1;
        }
        __attribute__((fallthrough)); /* any pointer is also accepted */
    case ELLE_C_POINTER:
        if (v == ELLE_NIL) { *out = 0; return 1; }
        /* a struct value or a bytevector where C takes a pointer: C reads and writes its bytes */
        if (elle_is(v, ELLE_CSTRUCT)) { *out = (uint64_t)(uintptr_t)ELLE_AS(ElleCStruct, v)->bytes; return 1; }
        if (elle_is(v, ELLE_BYTEVECTOR)) { *out = (uint64_t)(uintptr_t)ELLE_AS(ElleBytevector, v)->bytes; return 1; }
        if (elle_is_pointer(v)) {
            void *p;
            if (!elle_pointer_address(fn, v, &p)) return 0;
            *out = (uint64_t)(uintptr_t)p;
            return 1;
        }
        if (elle_is(v, ELLE_CLOSURE) || elle_is(v, ELLE_PRIMITIVE)) {
            elle_raise("%s: argument %d: a procedure is not a C function pointer: make one with (make-c-callback procedure :args (:type ...) :return :type)", fn, argno);
            return 0;
        }
        return bad_arg(fn, argno, kind == ELLE_C_CSTRING ? "a string, a pointer, a bytevector or nil" : "a pointer, a bytevector or nil", v);
    default:
        elle_raise("%s: argument %d has a C type Elle cannot pass", fn, argno);
        return 0;
    }
}

/* A value to store in C's memory (a field, ptr-set!): as an argument, but a
 * `char*` holds any pointer and never an Elle string, whose bytes are C's
 * only for a call. */
int elle_c_store_arg(Val v, int kind, int bytes, const char *who, uint64_t *out) {
    if (kind == ELLE_C_CSTRING) {
        if (elle_is(v, ELLE_STRING)) {
            elle_raise("%s: an Elle string's bytes are C's only for a call: store a pointer (c-alloc, a bytevector the program keeps)", who);
            return 0;
        }
        kind = ELLE_C_POINTER;
    }
    return elle_c_arg(v, kind, bytes, who, 3, out);
}

Val elle_c_result(uint64_t bits, int kind, int bytes, const char *fn) {
    switch (kind) {
    case ELLE_C_VOID: return ELLE_NIL;
    case ELLE_C_BOOL: return elle_bool((bits & 0xff) != 0);
    case ELLE_C_INT: {
        int shift = 64 - bytes * 8;
        return elle_make_int(shift ? (int64_t)(bits << shift) >> shift : (int64_t)bits);
    }
    case ELLE_C_UINT: {
        uint64_t u = bytes == 8 ? bits : bits & (((uint64_t)1 << (bytes * 8)) - 1);
        return elle_make_uint(u);
    }
    case ELLE_C_FLOAT:
    case ELLE_C_DOUBLE: {
        double d;
        memcpy(&d, &bits, sizeof d);
        return elle_make_float(d);
    }
    case ELLE_C_CSTRING: {
        const char *s = (const char *)(uintptr_t)bits;
        if (!s) return ELLE_NIL;
        size_t n = strlen(s);
        return elle_utf8_check(fn, s, n) ? elle_make_string(s, n) : ELLE_EXC;
    }
    case ELLE_C_POINTER: return bits ? elle_make_pointer((void *)(uintptr_t)bits) : ELLE_NIL;
    default: return elle_raise("%s: its result has a C type Elle cannot take", fn);
    }
}

int elle_c_arg_struct(Val v, const char *type, const char *fn, int argno, void **out) {
    if (elle_is(v, ELLE_CSTRUCT)) {
        ElleCStruct *s = ELLE_AS(ElleCStruct, v);
        size_t n;
        const char *t = elle_string_bytes(s->type, &n);
        if (strlen(type) == n && memcmp(t, type, n) == 0) {
            *out = s->bytes;
            return 1;
        }
    }
    char expected[300];
    snprintf(expected, sizeof expected, "a struct %s", type);
    return bad_arg(fn, argno, expected, v);
}

int elle_c_vararg(Val v, const char *fn, int argno, uint64_t *bits) {
    if (elle_is_integer(v)) { *bits = (uint64_t)elle_integer_wide(v); return 0; }
    if (elle_is(v, ELLE_FLOAT)) { double d = elle_float_value(v); memcpy(bits, &d, sizeof d); return 1; }
    if (elle_is(v, ELLE_STRING)) { *bits = (uint64_t)(uintptr_t)ELLE_AS(ElleString, v)->bytes; return 0; }
    if (elle_is(v, ELLE_BYTEVECTOR)) { *bits = (uint64_t)(uintptr_t)ELLE_AS(ElleBytevector, v)->bytes; return 0; }
    if (elle_is_pointer(v)) {
        void *p;
        if (!elle_pointer_address(fn, v, &p)) return -1;
        *bits = (uint64_t)(uintptr_t)p;
        return 0;
    }
    if (v == ELLE_NIL) { *bits = 0; return 0; }
    if (v == ELLE_TRUE || v == ELLE_FALSE) { *bits = v == ELLE_TRUE; return 0; }
    if (elle_is_char(v)) { *bits = elle_char_value(v); return 0; }
    bad_arg(fn, argno, "an integer, a float, a string, a pointer, a bytevector, a character, a boolean or nil (a variadic argument)", v);
    return -1;
}

void *elle_c_function_pointer(Val v) {
    void *p;
    if (elle_is(v, ELLE_BYTEVECTOR)) return elle_raise_type("ffi-call-pointer", "a function pointer", v), NULL;
    if (!elle_pointer_address("ffi-call-pointer", v, &p)) return NULL;
    if (!p) elle_raise("ffi-call-pointer: the function pointer is nil (NULL)");
    return p;
}

int elle_c_varargs(const Val *vals, int64_t k, const char *fn, int first_argno, uint64_t *gpr, int64_t ngpr, uint64_t *xmm, int64_t nxmm, uint64_t *stack) {
    int64_t g = 0, x = 0, s = 0;
    for (int64_t i = 0; i < k; i++) {
        uint64_t bits;
        int class = elle_c_vararg(vals[i], fn, first_argno + (int)i, &bits);
        if (class < 0) return 0;
        if (class == 0 && g < ngpr) gpr[g++] = bits;
        else if (class == 1 && x < nxmm) xmm[x++] = bits;
        else stack[s++] = bits;
    }
    return 1;
}

/* Variadic extras in one buffer, each at its alignment (WebAssembly's C
 * convention): an integer as C's long, which must hold it; a float as a
 * double; a pointer, string or bytevector as an address. `buf` holds 8
 * bytes per value and is 8-aligned. 0 with an error recorded if a value
 * cannot pass. */
int elle_c_varargs_buffer(const Val *vals, int64_t k, const char *fn, int first_argno, unsigned char *buf) {
    size_t at = 0;
    for (int64_t i = 0; i < k; i++) {
        int argno = first_argno + (int)i;
        uint64_t bits;
        int class = elle_c_vararg(vals[i], fn, argno, &bits);
        if (class < 0) return 0;
        if (class == 1) {
            at = (at + 7) & ~(size_t)7;
            memcpy(buf + at, &bits, 8);
            at += 8;
            continue;
        }
        if (elle_is_integer(vals[i]) && sizeof(long) < 8) {
            int64_t wide = elle_integer_wide(vals[i]);
            if (wide < LONG_MIN || wide > (int64_t)ULONG_MAX) {
                char what[160];
                snprintf(what, sizeof what, "an integer that fits C's long (%d bits), as which a variadic integer passes", (int)(8 * sizeof(long)));
                bad_arg(fn, argno, what, vals[i]);
                return 0;
            }
        }
        Val v = vals[i];
        int address = elle_is(v, ELLE_STRING) || elle_is(v, ELLE_BYTEVECTOR) || elle_is_pointer(v) || v == ELLE_NIL;
        size_t n = address ? sizeof(void *) : sizeof(long);
        at = (at + n - 1) & ~(n - 1);
        memcpy(buf + at, &bits, n); /* little-endian: the low bytes */
        at += n;
    }
    return 1;
}

/* ---- C scalars in memory ----------------------------------------------------- */

/* fixed-size copies, so each is a plain load or store (little-endian:
 * the low bytes of the 64-bit cell) */
uint64_t elle_c_load(const void *at, int kind, int bytes) {
    if (kind == ELLE_C_FLOAT) {
        float f;
        memcpy(&f, at, sizeof f);
        double d = f;
        uint64_t bits;
        memcpy(&bits, &d, sizeof d);
        return bits;
    }
    switch (bytes) {
    case 1: { uint8_t x; memcpy(&x, at, 1); return x; }
    case 2: { uint16_t x; memcpy(&x, at, 2); return x; }
    case 4: { uint32_t x; memcpy(&x, at, 4); return x; }
    default: { uint64_t x; memcpy(&x, at, 8); return x; }
    }
}

void elle_c_store(void *at, int kind, int bytes, uint64_t bits) {
    if (kind == ELLE_C_FLOAT) {
        double d;
        memcpy(&d, &bits, sizeof d);
        float f = (float)d;
        memcpy(at, &f, sizeof f);
        return;
    }
    switch (bytes) {
    case 1: { uint8_t x = (uint8_t)bits; memcpy(at, &x, 1); return; }
    case 2: { uint16_t x = (uint16_t)bits; memcpy(at, &x, 2); return; }
    case 4: { uint32_t x = (uint32_t)bits; memcpy(at, &x, 4); return; }
    default: memcpy(at, &bits, 8); return;
    }
}

/* ---- vectors where C takes a pointer to scalars ------------------------- */

Val elle_c_vector_in(Val v, int kind, int bytes, const char *fn, int argno, void **array) {
    *array = NULL;
    if (!elle_is(v, ELLE_VECTOR)) return v;
    ElleVector *vec = ELLE_AS(ElleVector, v);
    char *a = calloc((size_t)(vec->len ? vec->len : 1), (size_t)bytes);
    if (!a) return elle_raise("%s: out of memory for argument %d", fn, argno);
    for (int64_t i = 0; i < vec->len; i++) {
        uint64_t bits;
        if (!elle_c_arg(vec->items[i], kind, bytes, fn, argno, &bits)) {
            free(a);
            return ELLE_EXC;
        }
        elle_c_store(a + i * bytes, kind, bytes, bits);
    }
    *array = a;
    return elle_make_pointer(a);
}

Val elle_c_vector_out(Val v, void *array, int kind, int bytes, int write_back) {
    if (!array) return ELLE_NIL;
    Val r = ELLE_NIL;
    if (write_back) {
        ElleVector *vec = ELLE_AS(ElleVector, v);
        for (int64_t i = 0; i < vec->len; i++) {
            uint64_t bits = elle_c_load((const char *)array + i * bytes, kind, bytes);
            Val e = elle_c_result(bits, kind, bytes, "a vector C wrote");
            if (e == ELLE_EXC) {
                r = ELLE_EXC;
                break;
            }
            vec->items[i] = e;
        }
    }
    free(array);
    return r;
}
