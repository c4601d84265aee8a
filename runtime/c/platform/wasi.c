/* wasi.c — the runtime's platform under WASI (WebAssembly), see
 * platform.h.
 *
 * WebAssembly has no signals: a fault in C is a trap, which ends the
 * module, and nothing inside it can catch one, so a guarded call is a
 * plain call. There are no threads either: the program runs on the
 * module's own stack, whose size the linker sets. */
#include "../internal.h"
#include "platform.h"

#include <poll.h>
#include <sys/stat.h>
#include <time.h>
#include <stdlib.h>
#include <unistd.h>

void elle_guard_install(void) {}

/* node's WASI polls clocks, not descriptors: wait a millisecond */
void elle_platform_wait_input(FILE *f) {
    (void)f;
    struct timespec pause = {0, 1000000};
    nanosleep(&pause, NULL);
}

/* A regular file is always ready; for anything else the host's poll
 * decides (node's WASI reports no descriptor ready). wasi-libc's FILE is
 * opaque: bytes it has buffered are not seen. */
int elle_platform_input_ready(FILE *f) {
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) return 1;
    struct pollfd ready = {.fd = fileno(f), .events = POLLIN};
    return poll(&ready, 1, 0) > 0;
}

const char *elle_crash_meaning(int crash) {
    (void)crash;
    return "a WebAssembly trap";
}

int elle_guarded_call(void (*fn)(void *), void *arg) {
    fn(arg);
    return 0;
}

/* The collector runs only at compiled code's safe points
 * (ELLE_GC_AT_SAFE_POINTS), where every value compiled code holds is in a
 * frame array on the linear-memory stack and the runtime holds none in its
 * own locals: the linear-memory stack above this frame holds every root. */
void elle_scan_stack(const void *bottom, void (*scan)(const void *lo, const void *hi)) {
    volatile char here = 0;
    scan((const void *)&here, bottom);
}

int elle_run_with_stack(void *(*run)(void *), void *arg, size_t size) {
    (void)size;
    run(arg);
    return 1;
}

/* Debian builds clang's wasm32 builtins (libclang_rt.builtins-wasm32.a,
 * which 128-bit arithmetic needs) with the stack protector, whose guard
 * and failure wasi-libc does not define. */
uintptr_t __stack_chk_guard = 0x94fda766u;
_Noreturn void __stack_chk_fail(void);
_Noreturn void __stack_chk_fail(void) { elle_fatal("stack smashing detected"); }

/* The module's one stack lies where the linker put it. */
extern char __stack_low;

const void *elle_stack_end(const void *bottom, size_t size) {
    (void)bottom, (void)size;
    return &__stack_low;
}

/* A WASI host gives the module folders (preopens), not a working folder:
 * wasi-libc starts in "/". Where the host says which folder the program
 * was started in (PWD, which Elle's node loader sets to its own), relative
 * paths mean what they mean to a native program. */
void elle_platform_start(void) {
    const char *pwd = getenv("PWD");
    if (pwd && pwd[0] == '/') (void)chdir(pwd);
}

/* Not abort(): that traps, and node 20's engine crashes (SIGSEGV) when a
 * trap unwinds through frames a tail call replaced. WASI's exit unwinds
 * as an ordinary host exception; 134 is the status an abort gives on
 * POSIX. */
_Noreturn void elle_abort_quietly(void) { _Exit(134); }
