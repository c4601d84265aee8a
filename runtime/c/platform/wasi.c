/* wasi.c — the runtime's platform under WASI (WebAssembly), see
 * platform.h.
 *
 * WebAssembly has no signals: a fault in C is a trap, which ends the
 * module, and nothing inside it can catch one, so a guarded call is a
 * plain call. There are no threads either: the program runs on the
 * module's own stack, whose size the linker sets. */
#include "../internal.h"
#include "platform.h"

void elle_guard_install(void) {}

const char *elle_crash_meaning(int crash) {
    (void)crash;
    return "a WebAssembly trap";
}

int elle_guarded_call(void (*fn)(void *), void *arg) {
    fn(arg);
    return 0;
}

/* A conservative scan of the stack cannot find every root here: compiled
 * code's values and the runtime's own locals live in WebAssembly locals,
 * outside linear memory. Until compiled code keeps its roots where the
 * collector can see them, collecting would free live objects, so it stops
 * the program instead. */
void elle_scan_stack(const void *bottom, void (*scan)(const void *lo, const void *hi)) {
    (void)bottom, (void)scan;
    elle_fatal("the collector cannot find the program's roots on WebAssembly yet (its values live outside linear memory)");
}

int elle_run_with_stack(void *(*run)(void *), void *arg, size_t size) {
    (void)size;
    run(arg);
    return 1;
}

_Noreturn void elle_abort_quietly(void) { abort(); }
