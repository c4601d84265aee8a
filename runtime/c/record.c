/* record.c — the records define-record-type makes, and their types.
 *
 * The compiler turns each define-record-type into calls of these (with the
 * field's index a constant); native code does the type test and the field
 * access inline (native/src/prims.rs) and calls these for the errors. */
#include "internal.h"

static ElleRecordType *rtd(Val t) { return ELLE_AS(ElleRecordType, t); }
static ElleRecord *rec(Val r) { return ELLE_AS(ElleRecord, r); }

/* (%record-type name (field ...)): a new type, distinct from every other */
static Val p_record_type(int64_t argc, Val *argv) {
    (void)argc;
    int64_t n;
    if (!elle_is(argv[0], ELLE_SYMBOL)) return elle_raise_type("%record-type", "a symbol", argv[0]);
    if (!elle_check_list("%record-type", argv[1], &n)) return ELLE_EXC;
    Val fields = elle_make_vector(n, ELLE_NIL);
    Val at = argv[1];
    for (int64_t i = 0; i < n; i++, at = elle_cdr(at)) ELLE_AS(ElleVector, fields)->items[i] = elle_car(at);
    ElleRecordType *t = elle_alloc(ELLE_RECORD_TYPE, sizeof(ElleRecordType));
    t->h.aux = (uint32_t)n;
    t->name = argv[0];
    t->fields = fields;
    return (Val)(uintptr_t)t;
}

/* (%record type field-value ...): every field, in the type's order */
static Val p_record(int64_t argc, Val *argv) {
    if (!elle_is(argv[0], ELLE_RECORD_TYPE)) return elle_raise_type("%record", "a record type", argv[0]);
    int64_t n = argc - 1;
    if (n != (int64_t)rtd(argv[0])->h.aux)
        return elle_raise("%%record: the type has %u fields, given %lld", rtd(argv[0])->h.aux, (long long)n);
    ElleRecord *r = elle_alloc(ELLE_RECORD, sizeof(ElleRecord) + (size_t)n * sizeof(Val));
    r->h.aux = (uint32_t)n;
    r->type = argv[0];
    for (int64_t i = 0; i < n; i++) r->fields[i] = argv[i + 1];
    return (Val)(uintptr_t)r;
}

static int is_record_of(Val v, Val type) { return elle_is(v, ELLE_RECORD) && rec(v)->type == type; }

/* (%record-type-opaque! type name): the type's records print as #<name>
 * and are equal? only to themselves */
static Val p_record_type_opaque(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_RECORD_TYPE)) return elle_raise_type("%record-type-opaque!", "a record type", argv[0]);
    if (!elle_is(argv[1], ELLE_SYMBOL)) return elle_raise_type("%record-type-opaque!", "a symbol", argv[1]);
    rtd(argv[0])->h.flags |= ELLE_RECORD_OPAQUE;
    rtd(argv[0])->name = argv[1];
    return ELLE_NIL;
}

int elle_record_opaque(Val v) {
    return elle_is(v, ELLE_RECORD) && (elle_header(rec(v)->type)->flags & ELLE_RECORD_OPAQUE);
}

/* (%record? value type) */
static Val p_record_p(int64_t argc, Val *argv) {
    (void)argc;
    return elle_bool(is_record_of(argv[0], argv[1]));
}

/* A record of `type` and a field index of it, or an error in the words of
 * the procedure `who` (a symbol: the accessor or modifier the program named). */
static ElleRecord *checked(const char *prim, Val who, Val r, Val type, Val index, int64_t *i) {
    const char *name = elle_is(who, ELLE_SYMBOL) ? elle_symbol_name(who, NULL) : prim;
    if (!elle_is(type, ELLE_RECORD_TYPE)) {
        elle_raise_type(prim, "a record type", type);
        return NULL;
    }
    if (!is_record_of(r, type)) {
        size_t n;
        const char *t;
        elle_record_type_name(type, &t, &n);
        ElleBuf expected = {0};
        elle_buf_printf(&expected, "a record of type %.*s", (int)n, t);
        elle_buf_put(&expected, "", 1);
        elle_raise_type(name, expected.data, r);
        elle_buf_free(&expected);
        return NULL;
    }
    if (!elle_check_index(name, index, rec(r)->h.aux, i)) return NULL;
    return rec(r);
}

/* (%record-ref record type index who) */
static Val p_record_ref(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    ElleRecord *r = checked("%record-ref", argv[3], argv[0], argv[1], argv[2], &i);
    return r ? r->fields[i] : ELLE_EXC;
}

/* (%record-set! record type index value who) */
static Val p_record_set(int64_t argc, Val *argv) {
    (void)argc;
    int64_t i;
    ElleRecord *r = checked("%record-set!", argv[4], argv[0], argv[1], argv[2], &i);
    if (!r) return ELLE_EXC;
    r->fields[i] = argv[3];
    return ELLE_NIL;
}

Val *elle_items_of(Val v, int64_t *len) {
    if (elle_is(v, ELLE_VECTOR)) {
        *len = ELLE_AS(ElleVector, v)->len;
        return ELLE_AS(ElleVector, v)->items;
    }
    *len = rec(v)->h.aux;
    return rec(v)->fields;
}

/* The name a record type prints with: its name without one pair of angle
 * brackets (R7RS programs name types <point>). */
void elle_record_type_name(Val type, const char **name, size_t *n) {
    *name = elle_symbol_name(rtd(type)->name, n);
    if (*n > 2 && (*name)[0] == '<' && (*name)[*n - 1] == '>') {
        ++*name;
        *n -= 2;
    }
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_record_builtins[] = {
    PRIM("%record-type", p_record_type, 2, 2)
    PRIM("%record", p_record, 1, -1)
    PRIM("%record?", p_record_p, 2, 2)
    PRIM("%record-type-opaque!", p_record_type_opaque, 2, 2)
    PRIM("%record-ref", p_record_ref, 4, 4)
    PRIM("%record-set!", p_record_set, 5, 5)
    {NULL, NULL, 0, 0},
};
