/* native.c — what compiled programs need beyond the primitives: the
 * argument buffer of the generic calling convention, calls to procedures
 * that are not compiled closures, and the program's start-up on a thread
 * with a large stack.
 *
 * Generic calls: `Val code(Val closure, int64_t argc)` with the arguments in
 * elle_args[0..argc). The buffer is not a GC root: a callee copies its
 * arguments out (into registers, its frame, or a C array on the stack, all
 * of which the collector scans) before it allocates. */
#include "internal.h"

Val *elle_args;
static int64_t args_cap;
uintptr_t elle_stack_limit;

void elle_args_reserve(int64_t n) {
    if (n <= args_cap) return;
    int64_t cap = args_cap ? args_cap : 256;
    while (cap < n) cap *= 2;
    elle_args = elle_xrealloc(elle_args, (size_t)cap * sizeof(Val));
    args_cap = cap;
}

static const ElleProgram *program;

/* A native closure keeps its arity in the header's aux: the required count
 * in the low 16 bits, bit 16 set if it takes a rest list. */
static int closure_accepts(Val f, int64_t argc) {
    uint32_t aux = elle_header(f)->aux;
    int64_t required = aux & 0xffff;
    return (aux >> 16) ? argc >= required : argc == required;
}

Val elle_raise_closure_arity(Val f, int64_t argc) {
    uint32_t aux = elle_header(f)->aux;
    Val name = ELLE_AS(ElleClosure, f)->name;
    size_t n = 12;
    const char *s = name == ELLE_NIL ? "#<procedure>" : elle_symbol_name(name, &n);
    char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)n, s);
    int32_t required = (int32_t)(aux & 0xffff);
    return elle_raise_arity(buf, required, (aux >> 16) ? -1 : required, argc);
}

Val elle_rest_list(int64_t from, int64_t argc) {
    Val list = ELLE_NIL;
    for (int64_t i = argc - 1; i >= from; i--) {
        Val item = elle_args[i];
        list = elle_cons(item, list); /* items not yet consed stay in the buffer: nothing else writes it meanwhile */
    }
    return list;
}

int64_t elle_spread_args(int64_t nfixed, Val *fixed, Val list) {
    int64_t len = elle_proper_length(list);
    if (len < 0) {
        ElleBuf b = {0};
        elle_buf_puts(&b, "apply: expected a proper list as the last argument, got ");
        elle_print_to(&b, list, 1);
        elle_raise_value(elle_make_error(elle_string_from_buf(&b), ELLE_NIL));
        return -1;
    }
    int64_t n = nfixed + len;
    elle_args_reserve(n);
    for (int64_t i = 0; i < nfixed; i++) elle_args[i] = fixed[i];
    int64_t i = nfixed;
    for (Val l = list; elle_is(l, ELLE_PAIR); l = elle_cdr(l)) elle_args[i++] = elle_car(l);
    return n;
}

Val elle_call_nonclosure(Val f, int64_t argc) {
    if (!elle_is(f, ELLE_PRIMITIVE)) return elle_raise_not_procedure(f);
    EllePrimitive *p = ELLE_AS(EllePrimitive, f);
    if (p->h.flags & ELLE_PRIM_INTRINSIC) {
        /* apply: (apply g a ... list) */
        if (argc < 2) return elle_raise_arity("apply", 2, -1, argc);
        Val g = elle_args[0];
        int64_t n = elle_spread_args(argc - 2, elle_args + 1, elle_args[argc - 1]);
        if (n < 0) return ELLE_EXC;
        if (elle_is(g, ELLE_CLOSURE)) {
            if (!closure_accepts(g, n)) return elle_raise_closure_arity(g, n);
            return program->call(g, n);
        }
        return elle_call_nonclosure(g, n);
    }
    if (argc < p->min_args || (p->max_args >= 0 && argc > p->max_args))
        return elle_raise_arity(p->name, p->min_args, p->max_args, argc);
    /* copied onto the value stack: scanned exactly by the collector */
    Val *argv = elle_vstack.top;
    if (argv + argc > elle_vstack.limit) return elle_raise_stack_overflow();
    memcpy(argv, elle_args, (size_t)argc * sizeof(Val));
    elle_vstack.top = argv + argc;
    Val r = p->fn(argc, argv);
    elle_vstack.top = argv;
    return r;
}

/* ---- start-up ------------------------------------------------------------ */

#define STACK_SIZE ((size_t)1 << 30)
#define STACK_MARGIN ((size_t)1 << 20)

typedef struct { int status; int argc; char **argv; } RunResult;

static void report_uncaught(void) {
    elle_flush_output();
    Val text = elle_error_text(elle_pending_error());
    size_t n;
    const char *msg = elle_string_bytes(text, &n);
    const ElleLoc *loc = elle_error_location();
    if (loc) fprintf(stderr, "%s:%d:%d: error: %.*s\n", loc->file, loc->line, loc->col, (int)n, msg);
    else fprintf(stderr, "error: %.*s\n", (int)n, msg);
}

/* ---- callbacks: pools of thunks compiled per signature (callback.rs) ---- */

static ElleThunkPool *pools;
static ElleThunkPool pools_end; /* `next` of the last pool linked */

static void release_thunk(void *code, int64_t slot) {
    (void)slot;
    for (ElleThunkPool *p = pools; p && p != &pools_end; p = p->next)
        for (int64_t i = 0; i < p->size; i++)
            if (p->thunks[i] == code) {
                p->slots[i] = -1;
                return;
            }
}

Val elle_native_callback(ElleThunkPool *pool, Val proc, const ElleLoc *made) {
    if (!elle_is(proc, ELLE_CLOSURE) && !elle_is(proc, ELLE_PRIMITIVE)) return elle_raise_type("make-c-callback", "a procedure", proc);
    if (!pool->next) {
        pool->next = pools ? pools : &pools_end;
        pools = pool;
    }
    for (int64_t i = 0; i < pool->size; i++)
        if (pool->slots[i] < 0) {
            int64_t slot = elle_callback_register(proc);
            pool->slots[i] = slot;
            pool->made[i] = made;
            return elle_make_callback(pool->thunks[i], slot, release_thunk);
        }
    return elle_raise("make-c-callback: all %lld callbacks of this C signature are alive: c-free one first", (long long)pool->size);
}

_Noreturn void elle_callback_failed(const ElleLoc *made) {
    if (made) elle_error_locate(made);
    report_uncaught();
    fprintf(stderr, "note: the error was raised in a callback called from C; Elle does not unwind through C, so the program stops\n");
    exit(1);
}

static void *run_program(void *arg) {
    RunResult *result = arg;
    char bottom;
    elle_init(&bottom);
    elle_stack_limit = (uintptr_t)elle_stack_end(&bottom, STACK_SIZE) + STACK_MARGIN;
    elle_args_reserve(256);
    elle_set_command_line(result->argc > 0 ? result->argc - 1 : 0, (const char *const *)result->argv + (result->argc > 0));
    elle_gc_add_root_range(program->globals, program->nglobals);
    elle_gc_add_root_range(program->constants, program->nconstants);
    for (int64_t i = 0; i < program->nglobals; i++) program->globals[i] = ELLE_UNBOUND;
    Val r = program->init();
    if (r != ELLE_EXC) r = program->run();
    if (r == ELLE_EXC) {
        report_uncaught();
        result->status = 1;
    }
    if (elle_finish_output() && result->status == 0) result->status = 1;
    return NULL;
}

int elle_native_main(int argc, char **argv, const ElleProgram *p) {
    program = p;
    RunResult result = {0, argc, argv};
    if (!elle_run_with_stack(run_program, &result, STACK_SIZE))
        elle_fatal("cannot start the program's thread (a %zu MiB stack)", STACK_SIZE >> 20);
    /* exit() rather than a return, which is the same on POSIX: a WASI
     * module whose _start returns after it has opened some thousands of
     * files crashes node 20's engine now and then (SIGSEGV); one that
     * ends by proc_exit, as exit() does, never has */
    exit(result.status);
}
