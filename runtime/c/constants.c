/* A compiled program's quoted data, built at start-up from a compact
 * description the compiler writes as bytes (see native/consts.rs): the data
 * costs its size in the executable, not code per value. */
#include "internal.h"
#include <string.h>

/* OP_BUILTIN: a built-in procedure, which the program stores in its slot
 * before the description is read (so it names only the tables it uses) */
enum { OP_SYMBOL, OP_UNINTERNED, OP_KEYWORD, OP_STRING, OP_BUILTIN, OP_FLOAT, OP_INT, OP_PAIR, OP_VECTOR, OP_POINTER, OP_UINT, OP_BYTES };

typedef struct {
    const uint8_t *at, *end;
    Val *table;
} Reader;

static uint64_t varint(Reader *r) {
    uint64_t v = 0;
    for (int shift = 0; r->at < r->end && shift < 64; shift += 7) {
        uint8_t b = *r->at++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            break;
    }
    return v;
}

/* A part: an immediate value, or a slot built before. */
static Val part(Reader *r) {
    uint64_t v = varint(r);
    return (v & 1) ? r->table[v >> 1] : (Val)varint(r);
}

static uint64_t word(Reader *r) {
    uint64_t v;
    memcpy(&v, r->at, 8);
    r->at += 8;
    return v;
}

void elle_build_constants(const uint8_t *code, int64_t len, Val *table) {
    Reader r = {code, code + len, table};
    for (int64_t slot = 0; r.at < r.end; slot++) {
        uint8_t op = *r.at++;
        Val v;
        if (op <= OP_BUILTIN) {
            /* names and strings: length, bytes, then a NUL */
            size_t n = varint(&r);
            const char *s = (const char *)r.at;
            r.at += n + 1;
            switch (op) {
            case OP_SYMBOL: v = elle_intern(s, n); break;
            case OP_UNINTERNED: v = elle_gensym(s); break;
            case OP_KEYWORD: v = elle_intern_keyword(s, n); break;
            case OP_STRING: v = elle_make_string(s, n); break;
            default: v = table[slot]; break; /* a built-in: the program put it there first */
            }
        } else if (op == OP_FLOAT) {
            double d;
            uint64_t bits = word(&r);
            memcpy(&d, &bits, 8);
            v = elle_make_float(d);
        } else if (op == OP_INT) {
            v = elle_make_int((int64_t)word(&r));
        } else if (op == OP_BYTES) {
            /* as a string's: length, bytes, a NUL */
            size_t n = varint(&r);
            v = elle_make_bytevector("constants", (int64_t)n);
            memcpy(ELLE_AS(ElleBytevector, v)->bytes, r.at, n);
            r.at += n + 1;
        } else if (op == OP_UINT) {
            v = elle_make_uint(word(&r));
        } else if (op == OP_POINTER) {
            v = elle_make_pointer((void *)(uintptr_t)word(&r));
        } else if (op == OP_PAIR) {
            Val car = part(&r);
            v = elle_cons(car, part(&r));
        } else {
            int64_t n = (int64_t)varint(&r);
            v = elle_make_vector(n, ELLE_NIL);
            ElleVector *vec = (ElleVector *)v;
            for (int64_t i = 0; i < n; i++)
                vec->items[i] = part(&r);
        }
        table[slot] = v;
    }
}
