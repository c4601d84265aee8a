/* hash.c — hash tables keyed by equal?, iterated in insertion order. */
#include "internal.h"

static ElleHashTable *tab(Val v) { return ELLE_AS(ElleHashTable, v); }
static Val *entries(ElleHashTable *t) { return ELLE_AS(ElleVector, t->entries)->items; }
static int64_t entry_cap(ElleHashTable *t) { return ELLE_AS(ElleVector, t->entries)->len / 2; }
static Val *index_slots(ElleHashTable *t) { return ELLE_AS(ElleVector, t->index)->items; }
static int64_t index_cap(ElleHashTable *t) { return ELLE_AS(ElleVector, t->index)->len; }

static Val make_table(int64_t cap) {
    ElleHashTable *t = elle_alloc(ELLE_HASHTABLE, sizeof(ElleHashTable));
    Val v = (Val)(uintptr_t)t;
    t->entries = ELLE_NIL;
    t->index = ELLE_NIL;
    Val e = elle_make_vector(cap * 2, ELLE_UNBOUND);
    tab(v)->entries = e;
    Val ix = elle_make_vector(cap * 2, elle_fixnum(-1));
    tab(v)->index = ix;
    return v;
}

/* index slot holding key, or the empty slot where it would go */
static int64_t probe(ElleHashTable *t, Val key, int *found) {
    int64_t mask = index_cap(t) - 1, i = (int64_t)(elle_hash(key) & (uint64_t)mask);
    Val *ix = index_slots(t), *e = entries(t);
    for (;;) {
        int64_t n = elle_fixnum_value(ix[i]);
        if (n < 0) { *found = 0; return i; }
        if (elle_equal(e[2 * n], key)) { *found = 1; return i; }
        i = (i + 1) & mask;
    }
}

/* Rebuild with room for at least `need` live entries, dropping deleted ones. */
static void rehash(Val table, int64_t need) {
    int64_t cap = 8;
    while (cap < need * 2) cap *= 2;
    Val fresh = make_table(cap);
    ElleHashTable *t = tab(table), *f = tab(fresh);
    int64_t k = 0;
    for (int64_t n = 0; n < t->used; n++) {
        Val key = entries(t)[2 * n];
        if (key == ELLE_UNBOUND) continue;
        entries(f)[2 * k] = key;
        entries(f)[2 * k + 1] = entries(t)[2 * n + 1];
        int found;
        int64_t slot = probe(f, key, &found);
        index_slots(f)[slot] = elle_fixnum(k);
        k++;
    }
    t->entries = f->entries;
    t->index = f->index;
    t->used = k;
    t->count = k;
}

static Val check_table(const char *who, Val v) {
    return elle_is(v, ELLE_HASHTABLE) ? v : elle_raise_type(who, "a hash table", v);
}

static Val p_make_hash_table(int64_t argc, Val *argv) { (void)argc; (void)argv; return make_table(8); }

static Val p_hash_ref(int64_t argc, Val *argv) {
    if (check_table("hash-ref", argv[0]) == ELLE_EXC) return ELLE_EXC;
    ElleHashTable *t = tab(argv[0]);
    int found;
    int64_t slot = probe(t, argv[1], &found);
    if (!found) return argc > 2 ? argv[2] : ELLE_NIL;
    return entries(t)[2 * elle_fixnum_value(index_slots(t)[slot]) + 1];
}

static Val p_hash_has_key(int64_t argc, Val *argv) {
    (void)argc;
    if (check_table("hash-has-key?", argv[0]) == ELLE_EXC) return ELLE_EXC;
    int found;
    probe(tab(argv[0]), argv[1], &found);
    return elle_bool(found);
}

static Val p_hash_set(int64_t argc, Val *argv) {
    (void)argc;
    if (check_table("hash-set!", argv[0]) == ELLE_EXC) return ELLE_EXC;
    ElleHashTable *t = tab(argv[0]);
    int found;
    int64_t slot = probe(t, argv[1], &found);
    if (found) {
        entries(t)[2 * elle_fixnum_value(index_slots(t)[slot]) + 1] = argv[2];
        return ELLE_NIL;
    }
    if (t->used == entry_cap(t)) {
        rehash(argv[0], t->count + 1);
        slot = probe(t, argv[1], &found);
    }
    int64_t n = t->used++;
    entries(t)[2 * n] = argv[1];
    entries(t)[2 * n + 1] = argv[2];
    index_slots(t)[slot] = elle_fixnum(n);
    t->count++;
    return ELLE_NIL;
}

static Val p_hash_remove(int64_t argc, Val *argv) {
    (void)argc;
    if (check_table("hash-remove!", argv[0]) == ELLE_EXC) return ELLE_EXC;
    ElleHashTable *t = tab(argv[0]);
    int found;
    int64_t slot = probe(t, argv[1], &found);
    if (!found) return ELLE_FALSE;
    int64_t n = elle_fixnum_value(index_slots(t)[slot]);
    entries(t)[2 * n] = ELLE_UNBOUND;
    entries(t)[2 * n + 1] = ELLE_NIL;
    t->count--;
    /* Backward-shift deletion keeps every probe chain unbroken without
     * tombstones in the index; the entry itself stays a hole until the next
     * rehash compacts the entries. */
    Val *ix = index_slots(t), *e = entries(t);
    int64_t mask = index_cap(t) - 1, i = slot, j = slot;
    for (;;) {
        j = (j + 1) & mask;
        int64_t m = elle_fixnum_value(ix[j]);
        if (m < 0) break;
        int64_t home = (int64_t)(elle_hash(e[2 * m]) & (uint64_t)mask);
        int stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (stays) continue;
        ix[i] = ix[j];
        i = j;
    }
    ix[i] = elle_fixnum(-1);
    return ELLE_TRUE;
}

static Val collect(const char *who, Val table, int want_values) {
    if (check_table(who, table) == ELLE_EXC) return ELLE_EXC;
    Val head = ELLE_NIL, last = ELLE_NIL;
    for (int64_t n = 0; n < tab(table)->used; n++) {
        Val key = entries(tab(table))[2 * n];
        if (key == ELLE_UNBOUND) continue;
        Val cell = elle_cons(want_values ? entries(tab(table))[2 * n + 1] : key, ELLE_NIL);
        if (head == ELLE_NIL) head = cell;
        else ELLE_AS(EllePair, last)->cdr = cell;
        last = cell;
    }
    return head;
}
static Val p_hash_keys(int64_t argc, Val *argv) { (void)argc; return collect("hash-keys", argv[0], 0); }
static Val p_hash_values(int64_t argc, Val *argv) { (void)argc; return collect("hash-values", argv[0], 1); }

static Val p_hash_count(int64_t argc, Val *argv) {
    (void)argc;
    if (check_table("hash-count", argv[0]) == ELLE_EXC) return ELLE_EXC;
    return elle_fixnum(tab(argv[0])->count);
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_hash_builtins[] = {
    PRIM("make-hash-table", p_make_hash_table, 0, 0)
    PRIM("hash-ref", p_hash_ref, 2, 3)
    PRIM("hash-set!", p_hash_set, 3, 3)
    PRIM("hash-remove!", p_hash_remove, 2, 2)
    PRIM("hash-has-key?", p_hash_has_key, 2, 2)
    PRIM("hash-keys", p_hash_keys, 1, 1)
    PRIM("hash-values", p_hash_values, 1, 1)
    PRIM("hash-count", p_hash_count, 1, 1)
    {NULL, NULL, 0, 0}
};
