/* guard.c — the FFI safety checks' switch and the error a caught crash
 * becomes. Catching the crash is the platform's (platform/platform.h:
 * elle_guard_install, elle_guarded_call): with the checks on (the REPL, or
 * with-ffi-safety-checks), an executor runs each C call through
 * elle_guarded_call and reports a fault in it as an Elle error naming the
 * C function. The C library may be left in a bad state: this is for trying
 * things out, not for programs to rely on. */
#include "internal.h"

int elle_ffi_safety;

Val elle_raise_crash(const char *fn, int sig) {
    return elle_raise("%s: the C function crashed (%s); the FFI safety checks stopped it, but C's state may be damaged", fn,
                      elle_crash_meaning(sig));
}

static Val p_ffi_safety(int64_t argc, Val *argv) {
    Val old = elle_bool(elle_ffi_safety);
    if (argc > 0) elle_ffi_safety = elle_truthy(argv[0]);
    return old;
}

#define PRIM(name, fn, lo, hi) {name, fn, lo, hi},
const ElleBuiltin elle_guard_builtins[] = {
    PRIM("%ffi-safety", p_ffi_safety, 0, 1)
    {NULL, NULL, 0, 0}
};
