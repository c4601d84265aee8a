/* posix.c — the runtime's platform on Linux and other POSIX systems (see
 * platform.h): fault signals, a big-stack thread, and the register spill
 * for the conservative stack scan.
 *
 * With the FFI safety checks on (the REPL, or with-ffi-safety-checks), a C
 * call runs under a jump point, and a fatal signal (SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL, SIGABRT) while it runs returns there instead of killing
 * the process, so the executor reports an Elle error naming the C
 * function. The C library may be left in a bad state: this is for trying
 * things out, not for programs to rely on. */
#include "../internal.h"
#include "platform.h"

#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <unistd.h>

static sigjmp_buf *active; /* the innermost guarded call running */
static volatile sig_atomic_t caught;

const char *elle_crash_meaning(int sig) {
    switch (sig) {
    case SIGSEGV: return "a memory fault, SIGSEGV";
    case SIGBUS: return "a memory fault, SIGBUS";
    case SIGFPE: return "an arithmetic fault such as an integer division by zero, SIGFPE";
    case SIGILL: return "an illegal instruction, SIGILL";
    default: return "abort was called, as a failed assert does, SIGABRT";
    }
}

static void on_fault(int sig, siginfo_t *info, void *context) {
    (void)info, (void)context;
    if (active) {
        caught = sig;
        siglongjmp(*active, 1);
    }
    /* not in a guarded call: say so, keep the output so far, and end as
     * the signal would */
    elle_flush_output();
    static const char head[] = "elle: the program crashed (", tail[] = "), most likely in a C function; "
                               "in the REPL or inside (with-ffi-safety-checks ...) it is an Elle error instead\n";
    const char *what = elle_crash_meaning(sig);
    if (write(2, head, sizeof head - 1) < 0 || write(2, what, strlen(what)) < 0 || write(2, tail, sizeof tail - 1) < 0) {
        /* nothing more to do */
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* The signals a C function may end the program with, each caught. */
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

void elle_guard_install(void) {
    static _Thread_local int done;
    if (done) return;
    done = 1;
    /* its own stack, so a C stack overflow is caught too */
    stack_t ss = {.ss_sp = elle_xmalloc(1 << 16), .ss_size = 1 << 16, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) sigaction(fatal_signals[i], &sa, NULL);
    /* output to a pipe whose reader is gone ends the program quietly, as it
     * does a C program, in every executor (a Rust host ignores SIGPIPE) */
    signal(SIGPIPE, SIG_DFL);
}

int elle_guarded_call(void (*fn)(void *), void *arg) {
    elle_guard_install();
    sigjmp_buf env;
    sigjmp_buf *outer = active;
    if (sigsetjmp(env, 1)) {
        active = outer;
        return caught;
    }
    active = &env;
    fn(arg);
    active = outer;
    return 0;
}

void __attribute__((noinline)) elle_scan_stack(const void *bottom, void (*scan)(const void *lo, const void *hi)) {
    jmp_buf regs; /* setjmp spills the callee-saved registers into it */
    setjmp(regs);
    volatile char here = 0;
    const void *top = (const void *)&here;
    scan(&regs, (char *)&regs + sizeof regs);
    if (!bottom) return;
    if ((uintptr_t)top < (uintptr_t)bottom) scan(top, bottom);
    else scan(bottom, top);
}

int elle_run_with_stack(void *(*run)(void *), void *arg, size_t size) {
    pthread_attr_t attr;
    pthread_t thread;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, size);
    int started = pthread_create(&thread, &attr, run, arg) == 0;
    if (started) pthread_join(thread, NULL);
    pthread_attr_destroy(&attr);
    return started;
}

const void *elle_stack_end(const void *bottom, size_t size) { return (const char *)bottom - size; }

int elle_platform_input_ready(FILE *f) {
#ifdef __GLIBC__
    if (f->_IO_read_ptr < f->_IO_read_end) return 1; /* glibc's buffer; other C libraries' may be missed */
#endif
    struct pollfd ready = {.fd = fileno(f), .events = POLLIN};
    return poll(&ready, 1, 0) > 0;
}

void elle_platform_wait_input(FILE *f) {
    struct pollfd ready = {.fd = fileno(f), .events = POLLIN};
    poll(&ready, 1, -1);
}

void elle_platform_start(void) {}

_Noreturn void elle_abort_quietly(void) {
    signal(SIGABRT, SIG_DFL);
    abort();
}
