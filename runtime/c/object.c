/* object.c — constructors, the symbol table, globals, and runtime start-up. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static Val *symtab; /* open addressing: interned symbols and keywords */
static size_t symtab_cap, symtab_count;
/* the global table; executors index it directly (it moves only when a
 * global is added, between the units a session analyses) */
Val *elle_globals;
#define globals elle_globals
static int64_t globals_len, globals_cap;
static Val command_line = ELLE_NIL;
static uint64_t gensym_counter;

/* Set on the one thread that runs Elle code (the one elle_init runs on). */
static _Thread_local int on_elle_thread;

void elle_init(void *stack_bottom) {
    on_elle_thread = 1;
    elle_gc_init(stack_bottom);
    elle_platform_start();
    elle_guard_install();
}

void elle_callback_enter(void) {
    if (on_elle_thread) return;
    elle_flush_output();
    fputs("elle: C called a callback from a thread Elle did not start (a pthread_create'd or library worker thread); "
          "Elle code runs on its own thread only, so the program stops\n",
          stderr);
    exit(1);
}

_Noreturn void elle_fatal(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fflush(stdout);
    fputs("elle: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    elle_abort_quietly(); /* said already: not a crash in C */
}

Val elle_cons(Val car, Val cdr) {
    EllePair *p = elle_alloc(ELLE_PAIR, sizeof(EllePair));
    p->car = car;
    p->cdr = cdr;
    return (Val)(uintptr_t)p;
}

Val elle_make_int(int64_t i) {
    if (i >= ELLE_FIXNUM_MIN && i <= ELLE_FIXNUM_MAX) return elle_fixnum(i);
    ElleInt64 *b = elle_alloc(ELLE_INT64, sizeof(ElleInt64));
    b->i = i;
    return (Val)(uintptr_t)b;
}

Val elle_make_uint(uint64_t u) {
    if (u <= (uint64_t)INT64_MAX) return elle_make_int((int64_t)u);
    ElleInt64 *b = elle_alloc(ELLE_INT64, sizeof(ElleInt64));
    b->h.flags = ELLE_INT_UNSIGNED;
    b->i = (int64_t)u;
    return (Val)(uintptr_t)b;
}

Val elle_make_wide(ElleWide w) { return w > INT64_MAX ? elle_make_uint((uint64_t)w) : elle_make_int((int64_t)w); }

Val elle_make_float(double d) {
    ElleFloat *f = elle_alloc(ELLE_FLOAT, sizeof(ElleFloat));
    f->d = d;
    return (Val)(uintptr_t)f;
}

Val elle_make_string(const char *bytes, size_t nbytes) {
    if (elle_utf8_valid_prefix(bytes, nbytes) != nbytes) {
        ElleBuf fixed = {0};
        elle_utf8_repair(&fixed, bytes, nbytes);
        Val r = elle_make_string(fixed.data, fixed.len);
        elle_buf_free(&fixed);
        return r;
    }
    int64_t n = 0;
    for (size_t i = 0; i < nbytes; i++) n += ((unsigned char)bytes[i] & 0xC0) != 0x80;
    ElleString *s = elle_new_string(nbytes, n);
    memcpy(s->bytes, bytes, nbytes);
    return (Val)(uintptr_t)s;
}

static ElleString *string_init(ElleString *s, size_t nbytes, int64_t nchars) {
    if (!s) return NULL;
    s->bytes = s->text;
    s->capacity = (int64_t)nbytes;
    s->nbytes = (int64_t)nbytes;
    s->nchars = nchars;
    s->bytes[nbytes] = 0;
    return s;
}

ElleString *elle_new_string(size_t nbytes, int64_t nchars) {
    return string_init(elle_alloc(ELLE_STRING, sizeof(ElleString) + nbytes + 1), nbytes, nchars);
}

ElleString *elle_try_new_string(size_t nbytes, int64_t nchars) {
    return string_init(elle_try_alloc(ELLE_STRING, sizeof(ElleString) + nbytes + 1), nbytes, nchars);
}

void elle_string_finalize(ElleString *s) {
    if (s->bytes != s->text) free(s->bytes);
}

static Val filled(ElleVector *v, int64_t len, Val fill) {
    v->len = len;
    for (int64_t i = 0; i < len; i++) v->items[i] = fill;
    return (Val)(uintptr_t)v;
}

Val elle_make_vector(int64_t len, Val fill) {
    return filled(elle_alloc(ELLE_VECTOR, sizeof(ElleVector) + (size_t)len * sizeof(Val)), len, fill);
}

Val elle_make_vector_checked(const char *who, int64_t len, Val fill) {
    ElleVector *v = elle_try_alloc(ELLE_VECTOR, sizeof(ElleVector) + (size_t)len * sizeof(Val));
    return v ? filled(v, len, fill) : elle_raise("%s: out of memory for %lld elements", who, (long long)len);
}

Val elle_make_box(Val v) {
    ElleBox *b = elle_alloc(ELLE_BOX, sizeof(ElleBox));
    b->v = v;
    return (Val)(uintptr_t)b;
}

Val elle_make_closure(void *code, uint32_t aux, Val name, int64_t nfree) {
    ElleClosure *c = elle_alloc(ELLE_CLOSURE, sizeof(ElleClosure) + (size_t)nfree * sizeof(Val));
    c->h.aux = aux;
    c->code = code;
    c->name = name;
    c->nfree = nfree;
    for (int64_t i = 0; i < nfree; i++) c->free[i] = ELLE_NIL;
    return (Val)(uintptr_t)c;
}

Val elle_make_primitive(const char *name, EllePrimFn fn, int32_t min_args, int32_t max_args) {
    EllePrimitive *p = elle_alloc(ELLE_PRIMITIVE, sizeof(EllePrimitive));
    p->fn = fn;
    p->name = name;
    p->min_args = min_args;
    p->max_args = max_args;
    return (Val)(uintptr_t)p;
}

Val elle_make_pointer(void *ptr) {
    /* immediate when the address fits in 61 bits (always, where pointers are 32) */
    if (!((uint64_t)(uintptr_t)ptr >> 61)) return ((Val)(uintptr_t)ptr << 3) | 4;
    EllePointer *p = elle_alloc(ELLE_POINTER, sizeof(EllePointer));
    p->p = ptr;
    p->owner = ELLE_NIL;
    return (Val)(uintptr_t)p;
}

Val elle_list_from(int64_t n, const Val *items) {
    Val l = ELLE_NIL;
    for (int64_t i = n; i-- > 0;) l = elle_cons(items[i], l);
    return l;
}

/* ---- symbols ----------------------------------------------------------- */
static uint64_t hash_bytes(const char *s, size_t n, uint64_t seed) {
    uint64_t h = 1469598103934665603ull ^ seed;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void symtab_grow(void) {
    Val *old = symtab;
    size_t old_cap = symtab_cap;
    symtab_cap = symtab_cap ? symtab_cap * 2 : 1024;
    symtab = calloc(symtab_cap, sizeof(Val));
    if (!symtab) elle_fatal("out of memory (symbol table)");
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i]) continue;
        size_t len;
        const char *name = elle_symbol_name(old[i], &len);
        size_t j = hash_bytes(name, len, elle_header(old[i])->kind) & (symtab_cap - 1);
        while (symtab[j]) j = (j + 1) & (symtab_cap - 1);
        symtab[j] = old[i];
    }
    free(old);
}

static Val intern(ElleKind kind, const char *name, size_t len) {
    if ((symtab_count + 1) * 2 > symtab_cap) symtab_grow();
    size_t j = hash_bytes(name, len, kind) & (symtab_cap - 1);
    for (; symtab[j]; j = (j + 1) & (symtab_cap - 1)) {
        Val s = symtab[j];
        size_t n;
        const char *sn = elle_symbol_name(s, &n);
        if (elle_header(s)->kind == kind && n == len && memcmp(sn, name, len) == 0) return s;
    }
    Val str = elle_make_string(name, len);
    elle_freeze(str);
    ElleSymbol *sym = elle_alloc(kind, sizeof(ElleSymbol));
    sym->name = str;
    sym->h.flags = 1; /* interned */
    symtab[j] = (Val)(uintptr_t)sym;
    symtab_count++;
    return symtab[j];
}

Val elle_intern(const char *name, size_t len) { return intern(ELLE_SYMBOL, name, len); }
Val elle_intern_keyword(const char *name, size_t len) { return intern(ELLE_KEYWORD, name, len); }

Val elle_gensym(const char *prefix) {
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%s%llu", prefix ? prefix : "g", (unsigned long long)++gensym_counter);
    Val str = elle_make_string(buf, (size_t)n);
    elle_freeze(str);
    ElleSymbol *sym = elle_alloc(ELLE_SYMBOL, sizeof(ElleSymbol));
    sym->name = str;
    return (Val)(uintptr_t)sym;
}

const char *elle_symbol_name(Val v, size_t *nbytes) {
    return elle_string_bytes(ELLE_AS(ElleSymbol, v)->name, nbytes);
}

int elle_symbol_interned(Val v) { return elle_header(v)->flags & 1; }

/* ---- accessors ---------------------------------------------------------- */
int elle_is_integer(Val v) { return elle_is_fixnum(v) || elle_is(v, ELLE_INT64); }

int64_t elle_integer_value(Val v) {
    return elle_is_fixnum(v) ? elle_fixnum_value(v) : ELLE_AS(ElleInt64, v)->i;
}

int elle_integer_in_int64(Val v) { return elle_is_fixnum(v) || !(elle_header(v)->flags & ELLE_INT_UNSIGNED); }

ElleWide elle_integer_wide(Val v) {
    return elle_integer_in_int64(v) ? (ElleWide)elle_integer_value(v) : (ElleWide)(uint64_t)ELLE_AS(ElleInt64, v)->i;
}

double elle_float_value(Val v) { return ELLE_AS(ElleFloat, v)->d; }

const char *elle_string_bytes(Val v, size_t *nbytes) {
    ElleString *s = ELLE_AS(ElleString, v);
    if (nbytes) *nbytes = (size_t)s->nbytes;
    return s->bytes;
}

/* ---- globals ------------------------------------------------------------ */
int64_t elle_global_new(void) {
    if (globals_len == globals_cap) {
        globals_cap = globals_cap ? globals_cap * 2 : 1024;
        globals = elle_xrealloc(globals, (size_t)globals_cap * sizeof(Val));
    }
    globals[globals_len] = ELLE_UNBOUND;
    return globals_len++;
}

Val *elle_global_slot(int64_t index) { return &globals[index]; }

void elle_set_command_line(int argc, const char *const *argv) {
    Val l = ELLE_NIL;
    for (int i = argc; i-- > 0;) l = elle_cons(elle_make_string(argv[i], strlen(argv[i])), l);
    command_line = l;
}

Val elle_command_line(void) { return command_line; }

void elle_mark_runtime_roots(void (*mark)(Val)) {
    for (size_t i = 0; i < symtab_cap; i++)
        if (symtab[i]) mark(symtab[i]);
    for (int64_t i = 0; i < globals_len; i++) mark(globals[i]);
    mark(command_line);
    mark(elle_pending_error());
    mark(elle_caught_error());
    elle_mark_ports(mark);
    elle_mark_callbacks(mark);
    elle_mark_values(mark);
}
