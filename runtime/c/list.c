/* list.c — pairs and lists. */
#include "internal.h"

#include <stdio.h>

static Val check_pair(const char *who, Val v) {
    return elle_is(v, ELLE_PAIR) ? v : elle_raise_type(who, "a pair", v);
}

void elle_freeze(Val v) {
    if (elle_is(v, ELLE_PAIR) || elle_is(v, ELLE_VECTOR) || elle_is(v, ELLE_STRING)) elle_header(v)->flags |= ELLE_FROZEN;
}

Val elle_check_mutable(const char *who, Val v) {
    if (!(elle_header(v)->flags & ELLE_FROZEN)) return v;
    if (elle_is(v, ELLE_STRING))
        return elle_raise("%s: the string is a symbol's name, which cannot be changed (copy it first)", who);
    return elle_raise("%s: the %s is part of a macro's argument forms or expansion, which cannot be changed (copy it first)",
                      who, elle_is(v, ELLE_PAIR) ? "pair" : "vector");
}

static Val p_cons(int64_t argc, Val *argv) { (void)argc; return elle_cons(argv[0], argv[1]); }
static Val p_car(int64_t argc, Val *argv) { (void)argc; return check_pair("car", argv[0]) == ELLE_EXC ? ELLE_EXC : elle_car(argv[0]); }
static Val p_cdr(int64_t argc, Val *argv) { (void)argc; return check_pair("cdr", argv[0]) == ELLE_EXC ? ELLE_EXC : elle_cdr(argv[0]); }

/* c[ad]+r: `path` read right to left, as in the name */
static Val cxr(const char *who, const char *path, Val v) {
    for (int i = (int)strlen(path); i-- > 0;) {
        if (!elle_is(v, ELLE_PAIR)) return elle_raise_type(who, "a list with enough elements", v);
        v = path[i] == 'a' ? elle_car(v) : elle_cdr(v);
    }
    return v;
}
/* every c[ad]r of two to four letters */
#define CXR(path) static Val p_c##path##r(int64_t argc, Val *argv) { (void)argc; return cxr("c" #path "r", #path, argv[0]); }
#define CXRS(X) X(aa) X(ad) X(da) X(dd) \
    X(aaa) X(aad) X(ada) X(add) X(daa) X(dad) X(dda) X(ddd) \
    X(aaaa) X(aaad) X(aada) X(aadd) X(adaa) X(adad) X(adda) X(addd) \
    X(daaa) X(daad) X(dada) X(dadd) X(ddaa) X(ddad) X(ddda) X(dddd)
CXRS(CXR)

static Val p_set_car(int64_t argc, Val *argv) {
    (void)argc;
    if (check_pair("set-car!", argv[0]) == ELLE_EXC || elle_check_mutable("set-car!", argv[0]) == ELLE_EXC) return ELLE_EXC;
    ELLE_AS(EllePair, argv[0])->car = argv[1];
    return ELLE_NIL;
}
static Val p_set_cdr(int64_t argc, Val *argv) {
    (void)argc;
    if (check_pair("set-cdr!", argv[0]) == ELLE_EXC || elle_check_mutable("set-cdr!", argv[0]) == ELLE_EXC) return ELLE_EXC;
    ELLE_AS(EllePair, argv[0])->cdr = argv[1];
    return ELLE_NIL;
}

static Val p_list(int64_t argc, Val *argv) { return elle_list_from(argc, argv); }

/* (%proper-list who l): l, if it is a proper list; else an error in who's
 * name. The prelude's list procedures check first, so a circular list is an
 * error rather than a loop. */
static Val p_proper_list(int64_t argc, Val *argv) {
    (void)argc;
    size_t n;
    const char *who = elle_is(argv[0], ELLE_SYMBOL) ? elle_symbol_name(argv[0], &n) : "?";
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(elle_is(argv[0], ELLE_SYMBOL) ? n : 1), who);
    return elle_check_list(name, argv[1], NULL) ? argv[1] : ELLE_EXC;
}

static Val p_length(int64_t argc, Val *argv) {
    (void)argc;
    int64_t n;
    if (!elle_check_list("length", argv[0], &n)) return ELLE_EXC;
    return elle_fixnum(n);
}

/* Copy the spine of `l` onto `tail`; l must be a proper list. */
static Val append2(Val l, Val tail) {
    if (l == ELLE_NIL) return tail;
    Val head = elle_cons(elle_car(l), ELLE_NIL), last = head;
    for (l = elle_cdr(l); l != ELLE_NIL; l = elle_cdr(l)) {
        Val cell = elle_cons(elle_car(l), ELLE_NIL);
        ELLE_AS(EllePair, last)->cdr = cell;
        last = cell;
    }
    ELLE_AS(EllePair, last)->cdr = tail;
    return head;
}

static Val p_append(int64_t argc, Val *argv) {
    if (argc == 0) return ELLE_NIL;
    Val result = argv[argc - 1];
    for (int64_t i = argc - 1; i-- > 0;) {
        if (!elle_check_list("append", argv[i], NULL)) return ELLE_EXC;
        result = append2(argv[i], result);
    }
    return result;
}

static Val p_reverse(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_check_list("reverse", argv[0], NULL)) return ELLE_EXC;
    Val r = ELLE_NIL;
    for (Val l = argv[0]; l != ELLE_NIL; l = elle_cdr(l)) r = elle_cons(elle_car(l), r);
    return r;
}

static Val p_list_tail(int64_t argc, Val *argv) {
    (void)argc;
    int64_t k;
    if (!elle_check_integer("list-tail", argv[1], &k)) return ELLE_EXC;
    if (k < 0) return elle_raise("list-tail: index %lld is negative", (long long)k);
    Val l = argv[0];
    for (int64_t i = 0; i < k; i++) {
        if (!elle_is(l, ELLE_PAIR)) return elle_raise("list-tail: index %lld out of range", (long long)k);
        l = elle_cdr(l);
    }
    return l;
}

static Val p_list_ref(int64_t argc, Val *argv) {
    Val tail = p_list_tail(argc, argv);
    if (tail == ELLE_EXC) return ELLE_EXC;
    if (!elle_is(tail, ELLE_PAIR)) return elle_raise("list-ref: index %lld out of range", (long long)elle_integer_value(argv[1]));
    return elle_car(tail);
}

/* (list-set! l k v) */
static Val p_list_set(int64_t argc, Val *argv) {
    (void)argc;
    Val tail = p_list_tail(2, argv);
    if (tail == ELLE_EXC) return ELLE_EXC;
    if (!elle_is(tail, ELLE_PAIR)) return elle_raise("list-set!: index %lld out of range", (long long)elle_integer_value(argv[1]));
    if (elle_check_mutable("list-set!", tail) == ELLE_EXC) return ELLE_EXC;
    ELLE_AS(EllePair, tail)->car = argv[2];
    return ELLE_NIL;
}

/* (make-list k [fill]): filled with 0 unless a fill is given, as make-vector */
static Val p_make_list(int64_t argc, Val *argv) {
    int64_t n;
    if (!elle_check_integer("make-list", argv[0], &n)) return ELLE_EXC;
    if (n < 0) return elle_raise("make-list: a length is not negative, got %lld", (long long)n);
    Val l = ELLE_NIL, fill = argc > 1 ? argv[1] : elle_fixnum(0);
    for (int64_t i = 0; i < n; i++) l = elle_cons(fill, l);
    return l;
}

/* (list-copy l): new pairs, the same elements; a dotted list keeps its
 * tail (R7RS); a circular one is an error */
static Val p_list_copy(int64_t argc, Val *argv) {
    (void)argc;
    Val head = ELLE_NIL, last = ELLE_NIL, slow = argv[0];
    int64_t n = 0;
    Val l = argv[0];
    for (; elle_is(l, ELLE_PAIR); l = elle_cdr(l), n++) {
        if (n && !(n & 1)) {
            slow = elle_cdr(slow);
            if (slow == l) return elle_raise_type("list-copy", "a list that is not circular", argv[0]);
        }
        Val cell = elle_cons(elle_car(l), ELLE_NIL);
        if (head == ELLE_NIL) head = cell;
        else ELLE_AS(EllePair, last)->cdr = cell;
        last = cell;
    }
    if (head == ELLE_NIL) return l;
    ELLE_AS(EllePair, last)->cdr = l;
    return head;
}

static Val p_last(int64_t argc, Val *argv) {
    (void)argc;
    Val l = argv[0];
    if (!elle_is(l, ELLE_PAIR)) return elle_raise_type("last", "a non-empty list", l);
    Val slow = l;
    for (int64_t n = 1; elle_is(elle_cdr(l), ELLE_PAIR); n++) {
        l = elle_cdr(l);
        if (!(n & 1)) slow = elle_cdr(slow);
        if (l == slow) return elle_raise_type("last", "a list that ends", argv[0]);
    }
    return elle_car(l);
}

typedef enum { BY_EQ, BY_EQV, BY_EQUAL } Same;
static int same(Same how, Val a, Val b) {
    return how == BY_EQ ? a == b : how == BY_EQV ? elle_eqv(a, b) : elle_equal(a, b);
}

/* The walks below stop on a circular list: a second cursor at half speed
 * meets the first one inside any cycle. */
static Val member(const char *who, Same how, Val x, Val list) {
    Val l = list, slow = list;
    for (int64_t n = 1; elle_is(l, ELLE_PAIR); l = elle_cdr(l), n++) {
        if (same(how, x, elle_car(l))) return l;
        if (!(n & 1)) slow = elle_cdr(slow);
        if (elle_cdr(l) == slow) return elle_raise_type(who, "a proper list", list);
    }
    return l == ELLE_NIL ? ELLE_FALSE : elle_raise_type(who, "a proper list", l);
}
static Val assoc(const char *who, Same how, Val x, Val list) {
    Val l = list, slow = list;
    for (int64_t n = 1; elle_is(l, ELLE_PAIR); l = elle_cdr(l), n++) {
        Val entry = elle_car(l);
        if (!elle_is(entry, ELLE_PAIR)) return elle_raise_type(who, "a list of pairs", entry);
        if (same(how, x, elle_car(entry))) return entry;
        if (!(n & 1)) slow = elle_cdr(slow);
        if (elle_cdr(l) == slow) return elle_raise_type(who, "a proper list", list);
    }
    return l == ELLE_NIL ? ELLE_FALSE : elle_raise_type(who, "a proper list", l);
}
static Val p_memq(int64_t argc, Val *argv) { (void)argc; return member("memq", BY_EQ, argv[0], argv[1]); }
static Val p_memv(int64_t argc, Val *argv) { (void)argc; return member("memv", BY_EQV, argv[0], argv[1]); }
static Val p_member(int64_t argc, Val *argv) { (void)argc; return member("member", BY_EQUAL, argv[0], argv[1]); }
static Val p_assq(int64_t argc, Val *argv) { (void)argc; return assoc("assq", BY_EQ, argv[0], argv[1]); }
static Val p_assv(int64_t argc, Val *argv) { (void)argc; return assoc("assv", BY_EQV, argv[0], argv[1]); }
static Val p_assoc(int64_t argc, Val *argv) { (void)argc; return assoc("assoc", BY_EQUAL, argv[0], argv[1]); }

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_list_builtins[] = {
    PRIM("cons", p_cons, 2, 2)
    PRIM("car", p_car, 1, 1)
    PRIM("cdr", p_cdr, 1, 1)
#define CXR_PRIM(path) PRIM("c" #path "r", p_c##path##r, 1, 1)
    CXRS(CXR_PRIM)
    PRIM("set-car!", p_set_car, 2, 2)
    PRIM("set-cdr!", p_set_cdr, 2, 2)
    PRIM("list", p_list, 0, -1)
    PRIM("length", p_length, 1, 1)
    PRIM("%proper-list", p_proper_list, 2, 2)
    PRIM("append", p_append, 0, -1)
    PRIM("reverse", p_reverse, 1, 1)
    PRIM("list-tail", p_list_tail, 2, 2)
    PRIM("list-ref", p_list_ref, 2, 2)
    PRIM("list-set!", p_list_set, 3, 3)
    PRIM("make-list", p_make_list, 1, 2)
    PRIM("list-copy", p_list_copy, 1, 1)
    PRIM("last", p_last, 1, 1)
    PRIM("memq", p_memq, 2, 2)
    PRIM("memv", p_memv, 2, 2)
    PRIM("%member", p_member, 2, 2) /* member and assoc are the prelude's: they take a comparison too */
    PRIM("assq", p_assq, 2, 2)
    PRIM("assv", p_assv, 2, 2)
    PRIM("%assoc", p_assoc, 2, 2)
    {NULL, NULL, 0, 0}
};
