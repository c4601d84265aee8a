/* struct.c — C structs and unions as Elle values: their layouts, made
 * known by the executors at start-up (from clang for a header's types,
 * from define-c-struct for the program's own), and make-struct,
 * struct-get, struct-set!, struct-size on them.
 *
 * A struct value (ELLE_CSTRUCT) holds the C bytes; its header's `aux` is
 * its layout's id + 1 (0: a type no layout was registered for, which can
 * still be passed to C but not taken apart). Fields are found by name,
 * through anonymous members too. */
#include "internal.h"

typedef struct {
    Val name; /* its symbol; nil for an anonymous member */
    ElleFieldSpec spec;
} Field;

typedef struct {
    Val name; /* a string: the C type's name */
    int64_t size;
    int32_t nfields;
    Field *fields;
} Layout;

static Layout *layouts;
static int32_t nlayouts, cap;

int32_t elle_register_layout(const char *name, int64_t size, int32_t nfields, const ElleFieldSpec *fields) {
    if (nlayouts == cap) {
        cap = cap ? cap * 2 : 32;
        layouts = elle_xrealloc(layouts, (size_t)cap * sizeof(Layout));
    }
    Layout *l = &layouts[nlayouts];
    l->name = elle_make_string(name, strlen(name));
    elle_gc_protect(l->name);
    l->size = size;
    l->nfields = nfields;
    l->fields = elle_xmalloc((size_t)(nfields ? nfields : 1) * sizeof(Field));
    for (int32_t i = 0; i < nfields; i++) {
        l->fields[i].spec = fields[i];
        l->fields[i].name = fields[i].name ? elle_intern(fields[i].name, strlen(fields[i].name)) : ELLE_NIL;
        l->fields[i].spec.name = NULL; /* the caller's string: the symbol stands for it */
    }
    return nlayouts++;
}

/* The layout of C type `name`, or -1. */
int32_t elle_layout_named(const char *name, size_t n) {
    for (int32_t i = 0; i < nlayouts; i++) {
        size_t m;
        const char *s = elle_string_bytes(layouts[i].name, &m);
        if (m == n && memcmp(s, name, n) == 0) return i;
    }
    return -1;
}

/* A struct value of C type `name` (a string), layout `id` or -1: `size`
 * bytes from `bytes` (zeros if NULL), rounded up to whole 16 so an ABI may
 * move whole eightbytes. */
static Val struct_value(Val name, int32_t id, int64_t size, const void *bytes) {
    size_t rounded = ((size_t)size + 15) & ~(size_t)15;
    ElleCStruct *s = elle_alloc(ELLE_CSTRUCT, sizeof(ElleCStruct) + rounded);
    s->h.aux = (uint32_t)(id + 1);
    s->type = name;
    s->size = size;
    if (bytes) memcpy(s->bytes, bytes, (size_t)size);
    return (Val)(uintptr_t)s;
}

static Val new_struct(int32_t id, const void *bytes) {
    return struct_value(layouts[id].name, id, layouts[id].size, bytes);
}

Val elle_make_cstruct(const char *type, int64_t size, const void *bytes) {
    int32_t id = elle_layout_named(type, strlen(type));
    if (id >= 0) return new_struct(id, bytes);
    Val name = elle_make_string(type, strlen(type));
    ELLE_RETURN_IF_EXC(name);
    return struct_value(name, -1, size, bytes);
}

/* ---- fields ------------------------------------------------------------ */

/* Field `name` of layout `id` (through anonymous members), with its bit
 * offset from the start of the layout. */
static const ElleFieldSpec *find_field(int32_t id, Val name, int64_t *offset_bits) {
    Layout *l = &layouts[id];
    for (int32_t i = 0; i < l->nfields; i++) {
        Field *f = &l->fields[i];
        if (f->name == name) {
            *offset_bits = f->spec.offset_bits;
            return &f->spec;
        }
        if (f->name == ELLE_NIL && f->spec.kind == ELLE_C_RECORD) {
            int64_t inner;
            const ElleFieldSpec *g = find_field(f->spec.record, name, &inner);
            if (g) {
                *offset_bits = f->spec.offset_bits + inner;
                return g;
            }
        }
    }
    return NULL;
}

Val elle_c_result_typed(uint64_t bits, int32_t layout) {
    if (!bits) return ELLE_NIL;
    EllePointer *p = elle_alloc(ELLE_POINTER, sizeof(EllePointer));
    p->p = (void *)(uintptr_t)bits;
    p->owner = ELLE_NIL;
    p->h.aux = (uint32_t)layout + 1;
    return (Val)(uintptr_t)p;
}

/* A C type's name without `struct `/`union `: how a header's typedef and
 * its tag name one type. */
static const char *bare(const char *name, size_t *n) {
    if (*n > 7 && memcmp(name, "struct ", 7) == 0) return *n -= 7, name + 7;
    if (*n > 6 && memcmp(name, "union ", 6) == 0) return *n -= 6, name + 6;
    return name;
}

/* Does the struct of layout `id` begin with one of type `name` (its first
 * member, at offset 0, or that one's first, ...)? C's way of inheriting:
 * a GtkWindow is a GtkWidget, a GtkApplication a GApplication. */
static int begins_with(int32_t id, const char *name, size_t n) {
    for (int depth = 0; depth < 32 && id >= 0 && layouts[id].nfields; depth++) {
        const ElleFieldSpec *f = &layouts[id].fields[0].spec;
        if (f->kind != ELLE_C_RECORD || f->offset_bits != 0 || f->count) return 0;
        id = f->record;
        size_t m;
        const char *t = bare(elle_string_bytes(layouts[id].name, &m), &m);
        if (m == n && memcmp(t, name, n) == 0) return 1;
    }
    return 0;
}

int elle_c_check_pointee(Val v, const char *expected, const char *fn, int argno) {
    int32_t id;
    if (elle_is(v, ELLE_CSTRUCT)) id = (int32_t)ELLE_AS(ElleCStruct, v)->h.aux - 1;
    else if (elle_is(v, ELLE_POINTER) && elle_header(v)->aux) id = (int32_t)elle_header(v)->aux - 1;
    else return 1; /* an untyped pointer, nil, a vector: nothing to check */
    if (id < 0) return 1; /* a struct of a type Elle has no layout for */
    size_t n, m = strlen(expected);
    const char *t = bare(elle_string_bytes(layouts[id].name, &n), &n);
    const char *e = bare(expected, &m);
    if (n == m && memcmp(t, e, n) == 0) return 1;
    /* up or down the first-member chain, as C code casts */
    int32_t want = elle_layout_named(expected, strlen(expected));
    if (begins_with(id, e, m) || (want >= 0 && begins_with(want, t, n))) return 1;
    /* a pointer C gave to a type whose insides its header hides (GTK 4's
     * GtkLabel): nothing says the cast C code would write is wrong */
    if (want < 0 && elle_is(v, ELLE_POINTER)) return 1;
    elle_raise("%s: argument %d: expected struct %.*s (or a pointer to it), got %s %.*s", fn, argno, (int)m, e,
               elle_is(v, ELLE_CSTRUCT) ? "struct" : "a pointer to struct", (int)n, t);
    return 0;
}

/* The bytes of struct value or typed pointer `v`, and its field `field`:
 * NULL with an error if either is wrong. */
static char *locate(const char *who, Val v, Val field, const ElleFieldSpec **f, int64_t *offset_bits) {
    int32_t id;
    char *base;
    if (elle_is(v, ELLE_CSTRUCT)) {
        ElleCStruct *s = ELLE_AS(ElleCStruct, v);
        if (!s->h.aux) {
            size_t n;
            const char *t = elle_string_bytes(s->type, &n);
            return elle_raise("%s: Elle does not know the fields of %.*s", who, (int)n, t), NULL;
        }
        id = (int32_t)s->h.aux - 1;
        base = s->bytes;
    } else if (elle_is(v, ELLE_POINTER) && elle_header(v)->aux) {
        /* a pointer C returned to a struct whose layout Elle knows */
        id = (int32_t)elle_header(v)->aux - 1;
        if (!elle_memory_readable(who, v, layouts[id].size)) return NULL;
        base = elle_pointer_raw(v);
    } else if (elle_is_pointer(v)) {
        return elle_raise("%s: Elle does not know what this pointer points to: name its type with (ptr-cast p Type)", who), NULL;
    } else {
        return elle_raise_type(who, "a C struct or a pointer to one", v), NULL;
    }
    if (!elle_is(field, ELLE_SYMBOL)) return elle_raise_type(who, "a field name (a symbol)", field), NULL;
    *f = find_field(id, field, offset_bits);
    if (!*f) {
        size_t n;
        const char *t = elle_string_bytes(layouts[id].name, &n);
        Val fname = ELLE_AS(ElleSymbol, field)->name;
        return elle_raise("%s: %.*s has no field %s", who, (int)n, t, ELLE_AS(ElleString, fname)->bytes), NULL;
    }
    return base;
}

static int64_t element_bytes(const ElleFieldSpec *f) {
    return f->kind == ELLE_C_RECORD ? layouts[f->record].size : f->bytes;
}

/* One element (not an array) at `at` as an Elle value. */
static Val read_element(const ElleFieldSpec *f, const char *at) {
    if (f->kind == ELLE_C_RECORD) return new_struct(f->record, at);
    if (f->kind == ELLE_C_VOID) return elle_raise("struct-get: the field has a C type Elle cannot take");
    if (f->kind == ELLE_C_TEXT) {
        size_t n = strnlen(at, (size_t)f->bytes);
        return elle_utf8_check("struct-get", at, n) ? elle_make_string(at, n) : ELLE_EXC;
    }
    /* a pointer to a struct Elle knows: typed, so struct-get goes on through it */
    if (f->kind == ELLE_C_POINTER && f->record >= 0) return elle_c_result_typed(elle_c_load(at, f->kind, f->bytes), f->record);
    return elle_c_result(elle_c_load(at, f->kind, f->bytes), f->kind, f->bytes, "struct-get");
}

static int write_element(const char *who, const ElleFieldSpec *f, char *at, Val v) {
    if (f->kind == ELLE_C_RECORD) {
        if (!elle_is(v, ELLE_CSTRUCT) || ELLE_AS(ElleCStruct, v)->h.aux != (uint32_t)f->record + 1) {
            size_t n;
            const char *t = elle_string_bytes(layouts[f->record].name, &n);
            char expected[300];
            snprintf(expected, sizeof expected, "a %.*s", (int)n, t);
            return elle_raise_type(who, expected, v), 0;
        }
        memcpy(at, ELLE_AS(ElleCStruct, v)->bytes, (size_t)layouts[f->record].size);
        return 1;
    }
    if (f->kind == ELLE_C_VOID) return elle_raise("%s: the field has a C type Elle cannot write", who), 0;
    if (f->kind == ELLE_C_TEXT) {
        /* the string's bytes and NULs after them, as strncpy leaves a char[N] */
        if (!elle_check_string(who, v)) return 0;
        size_t n;
        const char *s = elle_string_bytes(v, &n);
        if (n > (size_t)f->bytes) return elle_raise("%s: %zu bytes of text do not fit in char[%d]", who, n, f->bytes), 0;
        memcpy(at, s, n);
        memset(at + n, 0, (size_t)f->bytes - n);
        return 1;
    }
    uint64_t bits;
    if (!elle_c_store_arg(v, f->kind, f->bytes, who, &bits)) return 0;
    elle_c_store(at, f->kind, f->bytes, bits);
    return 1;
}

/* A bitfield's bits, `width` of them from bit `off` (C's order on a
 * little-endian target: bit k of the field is bit (off + k) % 8 of byte
 * (off + k) / 8). Bit by bit, so a 64-bit field at any bit offset fits. */
static uint64_t bits_get(const unsigned char *bytes, int64_t off, int width) {
    uint64_t x = 0;
    for (int k = 0; k < width; k++) x |= (uint64_t)((bytes[(off + k) / 8] >> ((off + k) % 8)) & 1) << k;
    return x;
}

static void bits_set(unsigned char *bytes, int64_t off, int width, uint64_t x) {
    for (int k = 0; k < width; k++) {
        unsigned char bit = (unsigned char)(1u << ((off + k) % 8));
        if ((x >> k) & 1) bytes[(off + k) / 8] |= bit;
        else bytes[(off + k) / 8] &= (unsigned char)~bit;
    }
}

static Val p_struct_get(int64_t argc, Val *argv) {
    (void)argc;
    const ElleFieldSpec *f;
    int64_t off;
    char *bytes = locate("struct-get", argv[0], argv[1], &f, &off);
    if (!bytes) return ELLE_EXC;
    if (f->bit_width) {
        uint64_t x = bits_get((const unsigned char *)bytes, off, f->bit_width);
        if (f->kind != ELLE_C_INT) return elle_make_uint(x);
        if (f->bit_width < 64 && (x >> (f->bit_width - 1)) & 1) x |= ~(uint64_t)0 << f->bit_width;
        return elle_make_int((int64_t)x);
    }
    const char *at = bytes + off / 8;
    if (!f->count) return read_element(f, at);
    Val vec = elle_make_vector(f->count, ELLE_NIL);
    for (int32_t i = 0; i < f->count; i++) {
        Val e = read_element(f, at + i * element_bytes(f));
        ELLE_RETURN_IF_EXC(e);
        ELLE_AS(ElleVector, vec)->items[i] = e;
    }
    return vec;
}

static Val p_struct_set(int64_t argc, Val *argv) {
    (void)argc;
    const ElleFieldSpec *f;
    int64_t off;
    char *bytes = locate("struct-set!", argv[0], argv[1], &f, &off);
    if (!bytes) return ELLE_EXC;
    Val v = argv[2];
    if (f->bit_width) {
        if (!elle_is_integer(v)) return elle_raise_type("struct-set!", "an integer", v);
        ElleWide i = elle_integer_wide(v);
        int w = f->bit_width;
        ElleWide lo = f->kind == ELLE_C_INT ? -((ElleWide)1 << (w - 1)) : 0;
        ElleWide hi = f->kind == ELLE_C_INT ? ((ElleWide)1 << (w - 1)) - 1 : ((ElleWide)1 << w) - 1;
        char text[48];
        if (i < lo || i > hi) return elle_raise("struct-set!: %s does not fit in a %d-bit field", elle_wide_text(i, text), w);
        bits_set((unsigned char *)bytes, off, w, (uint64_t)i);
        return ELLE_NIL;
    }
    char *at = bytes + off / 8;
    if (!f->count) return write_element("struct-set!", f, at, v) ? ELLE_NIL : ELLE_EXC;
    if (!elle_is(v, ELLE_VECTOR) || ELLE_AS(ElleVector, v)->len != f->count)
        return elle_raise("struct-set!: the field is an array of %d: expected a vector of %d", f->count, f->count);
    for (int32_t i = 0; i < f->count; i++)
        if (!write_element("struct-set!", f, at + i * element_bytes(f), ELLE_AS(ElleVector, v)->items[i])) return ELLE_EXC;
    return ELLE_NIL;
}

/* (struct-field-pointer s 'field): C's &s->field. Into a struct value, the
 * pointer keeps the value alive and is bounds-checked as c-alloc's are; to
 * a nested struct, it is typed, so struct-get goes on through it. */
static Val p_struct_field_pointer(int64_t argc, Val *argv) {
    (void)argc;
    const char *who = "struct-field-pointer";
    const ElleFieldSpec *f;
    int64_t off;
    char *bytes = locate(who, argv[0], argv[1], &f, &off);
    if (!bytes) return ELLE_EXC;
    if (f->bit_width) return elle_raise("%s: the field %s is a bit-field, which has no address", who, f->name);
    Val owner = elle_is(argv[0], ELLE_CSTRUCT) ? argv[0] : ELLE_AS(EllePointer, argv[0])->owner;
    Val p = elle_make_owned_pointer(bytes + off / 8, owner);
    if (f->kind == ELLE_C_RECORD) elle_header(p)->aux = (uint32_t)f->record + 1;
    return p;
}

/* (%make-struct id field value ...): what make-struct becomes once the
 * analysis has found the type. */
static Val p_make_struct(int64_t argc, Val *argv) {
    int64_t id;
    if (!elle_check_integer("make-struct", argv[0], &id) || id < 0 || id >= nlayouts) return elle_raise("make-struct: no such C type");
    if (argc % 2 == 0) return elle_raise("make-struct: expected :field value pairs");
    Val s = new_struct((int32_t)id, NULL);
    for (int64_t i = 1; i + 1 < argc; i += 2) {
        Val args[3] = {s, argv[i], argv[i + 1]};
        if (elle_is(args[1], ELLE_KEYWORD)) {
            Val name = ELLE_AS(ElleSymbol, args[1])->name;
            args[1] = elle_intern(ELLE_AS(ElleString, name)->bytes, (size_t)ELLE_AS(ElleString, name)->nbytes);
        }
        if (p_struct_set(3, args) == ELLE_EXC) return ELLE_EXC;
    }
    return s;
}

/* (%ptr->struct id p): a copy of the struct of layout `id` that p points
 * to (what ptr->struct becomes once the analysis has found the type). */
static Val p_ptr_to_struct(int64_t argc, Val *argv) {
    (void)argc;
    int64_t id;
    if (!elle_check_integer("ptr->struct", argv[0], &id) || id < 0 || id >= nlayouts) return elle_raise("ptr->struct: no such C type");
    void *p;
    if (!elle_pointer_address("ptr->struct", argv[1], &p)) return ELLE_EXC;
    if (!p) return elle_raise("ptr->struct: the pointer is nil (NULL)");
    if (!elle_memory_readable("ptr->struct", argv[1], layouts[id].size)) return ELLE_EXC;
    return new_struct((int32_t)id, p);
}

/* (%ptr-cast id p): C's (Type *)p — the same address as a typed pointer,
 * so struct-get reads through it (no copy); nil stays nil. */
static Val p_ptr_cast(int64_t argc, Val *argv) {
    (void)argc;
    int64_t id;
    if (!elle_check_integer("ptr-cast", argv[0], &id) || id < 0 || id >= nlayouts) return elle_raise("ptr-cast: no such C type");
    void *p;
    if (!elle_pointer_address("ptr-cast", argv[1], &p)) return ELLE_EXC;
    if (!p) return ELLE_NIL;
    Val owner = elle_is(argv[1], ELLE_POINTER) ? ELLE_AS(EllePointer, argv[1])->owner : elle_is(argv[1], ELLE_BYTEVECTOR) ? argv[1] : ELLE_NIL;
    Val typed = elle_make_owned_pointer(p, owner);
    elle_header(typed)->aux = (uint32_t)id + 1;
    return typed;
}

static Val p_struct_size(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is(argv[0], ELLE_CSTRUCT)) return elle_raise_type("struct-size", "a C struct", argv[0]);
    return elle_fixnum(ELLE_AS(ElleCStruct, argv[0])->size);
}

static Val p_structp(int64_t argc, Val *argv) {
    (void)argc;
    return elle_bool(elle_is(argv[0], ELLE_CSTRUCT));
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_struct_builtins[] = {
    PRIM("%make-struct", p_make_struct, 1, -1)
    PRIM("%ptr->struct", p_ptr_to_struct, 2, 2)
    PRIM("%ptr-cast", p_ptr_cast, 2, 2)
    PRIM("struct-get", p_struct_get, 2, 2)
    PRIM("struct-set!", p_struct_set, 3, 3)
    PRIM("struct-field-pointer", p_struct_field_pointer, 2, 2)
    PRIM("struct-size", p_struct_size, 1, 1)
    PRIM("struct?", p_structp, 1, 1)
    {NULL, NULL, 0, 0}
};
