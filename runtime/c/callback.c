/* callback.c — Elle procedures that C calls through a function pointer.
 *
 * A callback is made for one C signature. Its code is the executor's (in
 * elle a libffi closure, in a compiled program one of a pool of static
 * thunks made for that signature); the runtime keeps its procedure in a
 * slot that is a root, so the procedure lives, and C may call the pointer
 * any number of times, until `(c-free cb)`. Nothing else frees a callback:
 * C keeps function pointers where Elle cannot see them (a GTK signal
 * handler), so the pointer becoming unreachable in Elle says nothing. */
#include "internal.h"

/* each slot's procedure; compiled thunks read it directly */
Val *elle_callback_procs;
#define procs elle_callback_procs
static int64_t nslots, cap;
static int64_t free_slot = -1; /* a free slot holds the next free one as a fixnum */

int64_t elle_callback_register(Val proc) {
    int64_t s;
    if (free_slot >= 0) {
        s = free_slot;
        free_slot = elle_fixnum_value(procs[s]);
    } else {
        if (nslots == cap) {
            cap = cap ? cap * 2 : 64;
            procs = elle_xrealloc(procs, (size_t)cap * sizeof(Val));
        }
        s = nslots++;
    }
    procs[s] = proc;
    return s;
}

Val elle_callback_proc(int64_t slot) { return procs[slot]; }

void elle_mark_callbacks(void (*mark)(Val)) {
    for (int64_t i = 0; i < nslots; i++) mark(procs[i]);
}

Val elle_make_callback(void *code, int64_t slot, ElleCallbackRelease release) {
    ElleCallback *cb = elle_alloc(ELLE_CALLBACK, sizeof(ElleCallback));
    cb->code = code;
    cb->slot = slot;
    cb->release = release;
    return elle_make_owned_pointer(code, (Val)(uintptr_t)cb);
}

_Noreturn void elle_callback_freed(void) {
    elle_flush_output();
    fputs("elle: C called a callback after (c-free ...) freed it; a freed callback must not be called, so the program stops\n", stderr);
    exit(1);
}

void elle_callback_free(ElleCallback *cb) {
    if (cb->release) cb->release(cb->code, cb->slot);
    procs[cb->slot] = elle_fixnum(free_slot);
    free_slot = cb->slot;
    cb->code = NULL;
}
