/* memory.c — raw C memory from Elle: c-alloc, c-free, ptr-ref, ptr-set!,
 * ptr+, ptr->string, sizeof; and the C type keywords (:int, :double, ...)
 * every part of Elle reads the same way.
 *
 * Ownership. Memory `c-alloc` gives is Elle's: a block object owns it, and
 * every pointer into it (from c-alloc or ptr+) refers to the block, so the
 * memory lives while any such pointer is reachable; the collector frees it
 * after (a finalizer), or `c-free` does earlier, once. Reads and writes
 * through Elle's memory are bounds-checked and an error after c-free.
 * Memory C owns (pointers C returned) is never freed by Elle, and is read
 * and written unchecked, as C would. */
#include "internal.h"

#include <errno.h>

/* ---- the C type keywords -------------------------------------------------- */

/* A width is bytes, or (negative) the data model's size of long, size_t or
 * a pointer: the compiler lays out for its target, the runtime for itself. */
static const struct { const char *name; int kind, width; } c_types[] = {
    {"void", ELLE_C_VOID, 0},      {"bool", ELLE_C_BOOL, 1},
    {"char", ELLE_C_INT, 1},       {"schar", ELLE_C_INT, 1},      {"int8", ELLE_C_INT, 1},
    {"uchar", ELLE_C_UINT, 1},     {"uint8", ELLE_C_UINT, 1},
    {"short", ELLE_C_INT, 2},      {"int16", ELLE_C_INT, 2},
    {"ushort", ELLE_C_UINT, 2},    {"uint16", ELLE_C_UINT, 2},
    {"int", ELLE_C_INT, 4},        {"int32", ELLE_C_INT, 4},
    {"uint", ELLE_C_UINT, 4},      {"uint32", ELLE_C_UINT, 4},
    {"llong", ELLE_C_INT, 8},      {"int64", ELLE_C_INT, 8},
    {"ullong", ELLE_C_UINT, 8},    {"uint64", ELLE_C_UINT, 8},
    {"long", ELLE_C_INT, ELLE_WIDTH_LONG},
    {"ulong", ELLE_C_UINT, ELLE_WIDTH_LONG},
    {"ssize_t", ELLE_C_INT, ELLE_WIDTH_SIZE},
    {"size_t", ELLE_C_UINT, ELLE_WIDTH_SIZE},
    {"intptr_t", ELLE_C_INT, ELLE_WIDTH_POINTER},
    {"uintptr_t", ELLE_C_UINT, ELLE_WIDTH_POINTER},
    {"float", ELLE_C_FLOAT, 4},    {"double", ELLE_C_DOUBLE, 8},
    {"pointer", ELLE_C_POINTER, ELLE_WIDTH_POINTER},
    {"string", ELLE_C_CSTRING, ELLE_WIDTH_POINTER},
};

int elle_c_type_named(const char *name, int *kind, int *width) {
    for (size_t i = 0; i < sizeof c_types / sizeof c_types[0]; i++)
        if (strcmp(c_types[i].name, name) == 0) {
            *kind = c_types[i].kind;
            *width = c_types[i].width;
            return 1;
        }
    return 0;
}

int elle_c_width_bytes(int width) {
    switch (width) {
    case ELLE_WIDTH_LONG: return (int)sizeof(long);
    case ELLE_WIDTH_SIZE: return (int)sizeof(size_t);
    case ELLE_WIDTH_POINTER: return (int)sizeof(void *);
    default: return width;
    }
}

/* The C type a keyword argument names; 0 with an error recorded if none.
 * An interned keyword remembers its type in its header's `aux` (kind + 1
 * in the high half, bytes in the low), so a hot ptr-ref does no lookup. */
static int type_arg(const char *who, Val k, int *kind, int *bytes) {
    if (!elle_is(k, ELLE_KEYWORD)) return elle_raise_type(who, "a C type keyword (:int, :double, :pointer, ...)", k), 0;
    ElleHeader *h = elle_header(k);
    if (h->aux) {
        *kind = (int)(h->aux >> 16) - 1;
        *bytes = (int)(h->aux & 0xffff);
        return 1;
    }
    Val name = ELLE_AS(ElleSymbol, k)->name;
    if (!elle_c_type_named(ELLE_AS(ElleString, name)->bytes, kind, bytes) || *kind == ELLE_C_VOID)
        return elle_raise("%s: :%s is not a C type a value can have", who, ELLE_AS(ElleString, name)->bytes), 0;
    *bytes = elle_c_width_bytes(*bytes);
    h->aux = (uint32_t)(*kind + 1) << 16 | (uint32_t)*bytes;
    return 1;
}

/* ---- pointers and the memory they point into ------------------------------ */

Val elle_make_owned_pointer(void *p, Val owner) {
    EllePointer *ptr = elle_alloc(ELLE_POINTER, sizeof(EllePointer));
    ptr->p = p;
    ptr->owner = owner;
    return (Val)(uintptr_t)ptr;
}

void elle_cblock_finalize(ElleCBlock *b) {
    free(b->mem);
    b->mem = NULL;
}

int elle_is_pointer(Val v) { return elle_is_cptr(v) || elle_is(v, ELLE_POINTER); }

void *elle_pointer_raw(Val v) { return elle_is_cptr(v) ? (void *)(uintptr_t)(v >> 3) : ELLE_AS(EllePointer, v)->p; }

/* What owns the memory pointer `v` points into: nil for C's; a block
 * c-alloc gave, a callback, a struct value (a field's address) or a
 * bytevector (which is also a pointer to its own bytes). */
static Val owner_of(Val v) {
    if (elle_is(v, ELLE_BYTEVECTOR)) return v;
    return elle_is_cptr(v) ? ELLE_NIL : ELLE_AS(EllePointer, v)->owner;
}

/* The bytes Elle owns that `owner` (a block, a struct value or a
 * bytevector) stands for. */
static char *owned_bytes(Val owner, int64_t *size) {
    if (elle_is(owner, ELLE_CSTRUCT)) {
        *size = ELLE_AS(ElleCStruct, owner)->size;
        return ELLE_AS(ElleCStruct, owner)->bytes;
    }
    if (elle_is(owner, ELLE_BYTEVECTOR)) {
        *size = ELLE_AS(ElleBytevector, owner)->len;
        return (char *)ELLE_AS(ElleBytevector, owner)->bytes;
    }
    *size = ELLE_AS(ElleCBlock, owner)->size;
    return ELLE_AS(ElleCBlock, owner)->mem;
}

int elle_pointer_address(const char *who, Val v, void **out) {
    if (v == ELLE_NIL) { *out = NULL; return 1; }
    if (elle_is_cptr(v)) { *out = elle_pointer_raw(v); return 1; }
    if (elle_is(v, ELLE_BYTEVECTOR)) { *out = ELLE_AS(ElleBytevector, v)->bytes; return 1; }
    if (!elle_is(v, ELLE_POINTER)) return elle_raise_type(who, "a pointer or nil", v), 0;
    EllePointer *p = ELLE_AS(EllePointer, v);
    if (elle_is(p->owner, ELLE_CALLBACK) && !ELLE_AS(ElleCallback, p->owner)->code)
        return elle_raise("%s: the callback was freed (c-free)", who), 0;
    if (elle_is(p->owner, ELLE_CBLOCK) && !ELLE_AS(ElleCBlock, p->owner)->mem)
        return elle_raise("%s: the memory this pointer points into was freed (c-free)", who), 0;
    *out = p->p;
    return 1;
}

/* The address of `n` bytes at byte `offset` from pointer `v`, checked: not
 * nil, not freed, and inside Elle's own block when Elle owns it. */
static char *access(const char *who, Val v, Val offset, int64_t n) {
    int64_t off = 0;
    if (offset != ELLE_UNBOUND && !elle_check_integer(who, offset, &off)) return NULL;
    void *base;
    if (!elle_pointer_address(who, v, &base)) return NULL;
    if (!base) return elle_raise("%s: the pointer is nil (NULL)", who), NULL;
    Val owner = owner_of(v);
    if (elle_is(owner, ELLE_CALLBACK)) return elle_raise("%s: a callback is code, not memory to read or write", who), NULL;
    if (owner != ELLE_NIL) {
        int64_t size, at;
        char *mem = owned_bytes(owner, &size);
        /* in that order, so no sum can wrap past the check */
        if (__builtin_sub_overflow((intptr_t)base, (intptr_t)mem, &at) || __builtin_add_overflow(at, off, &at) ||
            at < 0 || n < 0 || n > size || at > size - n)
            return elle_raise("%s: %lld bytes at offset %lld are outside the %lld bytes %s", who, (long long)n,
                              (long long)at, (long long)size,
                              elle_is(owner, ELLE_CSTRUCT) ? "of the struct value" : elle_is(owner, ELLE_BYTEVECTOR) ? "of the bytevector" : "c-alloc gave"), NULL;
    }
    return (char *)base + off;
}

int elle_memory_readable(const char *who, Val p, int64_t n) {
    return access(who, p, ELLE_UNBOUND, n) != NULL;
}

/* C's bytes as an Elle string: they must be UTF-8 text */
static Val c_text(const char *who, const char *at, size_t len) {
    return elle_utf8_check(who, at, len) ? elle_make_string(at, len) : ELLE_EXC;
}

static Val p_c_alloc(int64_t argc, Val *argv) {
    (void)argc;
    int64_t n;
    if (!elle_check_integer("c-alloc", argv[0], &n)) return ELLE_EXC;
    if (n < 0) return elle_raise("c-alloc: cannot allocate %lld bytes", (long long)n);
    ElleCBlock *b = elle_alloc(ELLE_CBLOCK, sizeof(ElleCBlock));
    Val block = (Val)(uintptr_t)b;
    b->mem = calloc(1, n ? (size_t)n : 1);
    if (!b->mem) return elle_raise("c-alloc: out of memory for %lld bytes", (long long)n);
    b->size = n;
    elle_gc_note_external((size_t)n);
    return elle_make_owned_pointer(b->mem, block);
}

static Val p_c_free(int64_t argc, Val *argv) {
    (void)argc;
    Val v = argv[0];
    if (v == ELLE_NIL) return ELLE_NIL; /* free(NULL) */
    if (elle_is(v, ELLE_BYTEVECTOR)) return elle_raise("c-free: a bytevector's memory is the collector's to free");
    if (!elle_is_pointer(v)) return elle_raise_type("c-free", "a pointer", v);
    if (owner_of(v) == ELLE_NIL)
        return elle_raise("c-free: this memory is C's, not Elle's: free it with the function its library gives");
    EllePointer *p = ELLE_AS(EllePointer, v);
    if (elle_is(p->owner, ELLE_CALLBACK)) {
        ElleCallback *cb = ELLE_AS(ElleCallback, p->owner);
        if (!cb->code) return elle_raise("c-free: the callback was already freed");
        elle_callback_free(cb);
        return ELLE_NIL;
    }
    if (elle_is(p->owner, ELLE_CSTRUCT)) return elle_raise("c-free: the pointer is into a struct value, which the collector frees");
    ElleCBlock *b = ELLE_AS(ElleCBlock, p->owner);
    if (!b->mem) return elle_raise("c-free: the memory was already freed");
    if (p->p != b->mem) return elle_raise("c-free: the pointer is not the start of the memory c-alloc gave");
    elle_cblock_finalize(b);
    return ELLE_NIL;
}

static Val p_ptr_ref(int64_t argc, Val *argv) {
    int kind, bytes;
    if (!type_arg("ptr-ref", argv[1], &kind, &bytes)) return ELLE_EXC;
    /* the common case first: an integer of up to 32 bits in C's memory */
    if (argc == 2 && elle_is_cptr(argv[0]) && (kind == ELLE_C_INT || kind == ELLE_C_UINT) && bytes <= 4 && elle_pointer_raw(argv[0])) {
        uint64_t bits = elle_c_load(elle_pointer_raw(argv[0]), kind, bytes);
        int shift = 64 - bytes * 8;
        return elle_fixnum(kind == ELLE_C_INT ? (int64_t)(bits << shift) >> shift : (int64_t)bits);
    }
    char *at = access("ptr-ref", argv[0], argc > 2 ? argv[2] : ELLE_UNBOUND, bytes);
    if (!at) return ELLE_EXC;
    uint64_t bits = elle_c_load(at, kind, bytes);
    if (kind == ELLE_C_POINTER) {
        /* a pointer read out of Elle's memory may point back into it */
        Val owner = owner_of(argv[0]);
        if (!bits) return ELLE_NIL;
        if (owner != ELLE_NIL && !elle_is(owner, ELLE_CALLBACK)) {
            int64_t size;
            char *mem = owned_bytes(owner, &size);
            if ((char *)(uintptr_t)bits >= mem && (char *)(uintptr_t)bits < mem + size)
                return elle_make_owned_pointer((void *)(uintptr_t)bits, owner);
        }
    }
    return elle_c_result(bits, kind, bytes, "ptr-ref");
}

static Val p_ptr_set(int64_t argc, Val *argv) {
    int kind, bytes;
    if (!type_arg("ptr-set!", argv[1], &kind, &bytes)) return ELLE_EXC;
    char *at = access("ptr-set!", argv[0], argc > 3 ? argv[3] : ELLE_UNBOUND, bytes);
    if (!at) return ELLE_EXC;
    uint64_t bits;
    if (!elle_c_store_arg(argv[2], kind, bytes, "ptr-set!", &bits)) return ELLE_EXC;
    elle_c_store(at, kind, bytes, bits);
    return ELLE_NIL;
}

static Val p_ptr_add(int64_t argc, Val *argv) {
    (void)argc;
    int64_t n;
    if (!elle_check_integer("ptr+", argv[1], &n)) return ELLE_EXC;
    void *base;
    if (!elle_pointer_address("ptr+", argv[0], &base)) return ELLE_EXC;
    if (!base) return elle_raise("ptr+: the pointer is nil (NULL)");
    /* an offset no address of this width can span */
    if (sizeof(void *) < 8 && (n > (int64_t)UINTPTR_MAX || n < -(int64_t)UINTPTR_MAX))
        return elle_raise("ptr+: %lld is out of range for a %d-bit address", (long long)n, (int)(8 * sizeof(void *)));
    Val owner = owner_of(argv[0]);
    return owner == ELLE_NIL ? elle_make_pointer((char *)base + n) : elle_make_owned_pointer((char *)base + n, owner);
}

static Val p_ptr_to_string(int64_t argc, Val *argv) {
    if (argc > 1) {
        int64_t len;
        if (!elle_check_integer("ptr->string", argv[1], &len)) return ELLE_EXC;
        if (len < 0) return elle_raise("ptr->string: a length cannot be negative: %lld", (long long)len);
        char *at = access("ptr->string", argv[0], ELLE_UNBOUND, len);
        return at ? c_text("ptr->string", at, (size_t)len) : ELLE_EXC;
    }
    char *at = access("ptr->string", argv[0], ELLE_UNBOUND, 1);
    if (!at) return ELLE_EXC;
    Val owner = owner_of(argv[0]);
    if (owner != ELLE_NIL) {
        /* in Elle's memory the NUL must come before the end */
        int64_t size;
        char *mem = owned_bytes(owner, &size);
        size_t room = (size_t)(size - (at - mem));
        size_t len = strnlen(at, room);
        if (len == room) return elle_raise("ptr->string: no NUL before the end of the memory Elle owns");
        return c_text("ptr->string", at, len);
    }
    return c_text("ptr->string", at, strlen(at));
}

/* (ptr->bytevector p n): a copy of the n bytes at p */
static Val p_ptr_to_bytevector(int64_t argc, Val *argv) {
    (void)argc;
    int64_t len;
    if (!elle_check_integer("ptr->bytevector", argv[1], &len)) return ELLE_EXC;
    if (len < 0) return elle_raise("ptr->bytevector: a length cannot be negative: %lld", (long long)len);
    char *at = access("ptr->bytevector", argv[0], ELLE_UNBOUND, len);
    if (!at) return ELLE_EXC;
    Val v = elle_make_bytevector("ptr->bytevector", len);
    if (v != ELLE_EXC) memcpy(ELLE_AS(ElleBytevector, v)->bytes, at, (size_t)len);
    return v;
}

static Val p_sizeof(int64_t argc, Val *argv) {
    (void)argc;
    int kind, bytes;
    if (!type_arg("sizeof", argv[0], &kind, &bytes)) return ELLE_EXC;
    return elle_fixnum(bytes);
}

/* errno as it was right after the last C call (compiled programs save it
 * only if they read it: ellec sees whether `ffi-last-error` is used) */
static int saved_errno;

void elle_save_errno(void) { saved_errno = errno; }

static Val p_ffi_last_error(int64_t argc, Val *argv) {
    (void)argc, (void)argv;
    return elle_fixnum(saved_errno);
}

/* (pointer->integer p): the address p holds, as C's uintptr_t; nil is 0. */
static Val p_pointer_to_integer(int64_t argc, Val *argv) {
    (void)argc;
    void *p;
    if (!elle_pointer_address("pointer->integer", argv[0], &p)) return ELLE_EXC;
    return elle_make_uint((uint64_t)(uintptr_t)p);
}

/* (integer->pointer n): a pointer to address n, in memory C owns (0 is nil;
 * a negative n is its two's complement, as C's (void *)-1 is); an n no
 * address of the machine's width can be is an error, not cut short. */
static Val p_integer_to_pointer(int64_t argc, Val *argv) {
    (void)argc;
    if (!elle_is_integer(argv[0])) return elle_raise_type("integer->pointer", "an integer", argv[0]);
    ElleWide w = elle_integer_wide(argv[0]);
    const int bits = (int)sizeof(uintptr_t) * 8;
    if (w < -((ElleWide)1 << (bits - 1)) || w > ((ElleWide)1 << bits) - 1) {
        if (w < 0) return elle_raise("integer->pointer: %lld is out of range for a %d-bit address", (long long)w, bits);
        return elle_raise("integer->pointer: %llu is out of range for a %d-bit address", (unsigned long long)w, bits);
    }
    uintptr_t n = (uintptr_t)w;
    return n == 0 ? ELLE_NIL : elle_make_pointer((void *)n);
}

static Val p_pointerp(int64_t argc, Val *argv) {
    (void)argc;
    return elle_bool(elle_is_pointer(argv[0]));
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_memory_builtins[] = {
    PRIM("c-alloc", p_c_alloc, 1, 1)
    PRIM("c-free", p_c_free, 1, 1)
    PRIM("ptr-ref", p_ptr_ref, 2, 3)
    PRIM("ptr-set!", p_ptr_set, 3, 4)
    PRIM("ptr+", p_ptr_add, 2, 2)
    PRIM("ptr->string", p_ptr_to_string, 1, 2)
    PRIM("ptr->bytevector", p_ptr_to_bytevector, 2, 2)
    PRIM("sizeof", p_sizeof, 1, 1)
    PRIM("pointer?", p_pointerp, 1, 1)
    PRIM("pointer->integer", p_pointer_to_integer, 1, 1)
    PRIM("integer->pointer", p_integer_to_pointer, 1, 1)
    PRIM("ffi-last-error", p_ffi_last_error, 0, 0)
    {NULL, NULL, 0, 0}
};
