/* platform.h — what the runtime asks of the system it runs on. Each
 * platform implements it in one file beside this one (posix.c: Linux and
 * other POSIX systems; wasi.c: WebAssembly under WASI); the build compiles
 * the runtime's portable files and exactly one of these. */
#ifndef ELLE_PLATFORM_H
#define ELLE_PLATFORM_H
#include <stddef.h>
#include <stdio.h>

/* This thread's fault handler: a fatal signal in C code either returns to
 * the innermost elle_guarded_call or ends the program with a message that
 * blames C (the output so far flushed). Idempotent per thread. */
void elle_guard_install(void);

/* What a crash code elle_guarded_call returned means, for the message. */
const char *elle_crash_meaning(int crash);

/* Hands the collector every stretch of memory that may hold a root the
 * running code keeps on its own stack: the stack from the caller's frame
 * to `bottom` and the callee-saved registers, spilled where it can see
 * them. Must not be inlined into the collector: its frame has to lie below
 * every frame that holds Elle values. */
void elle_scan_stack(const void *bottom, void (*scan)(const void *lo, const void *hi));

/* Whether the collector runs only at compiled code's safe points. Where
 * a scan of the stack cannot see every value the running code holds
 * (WebAssembly keeps locals outside linear memory), an allocation only
 * asks for a collection (elle_gc_wanted) and compiled code collects at its
 * next safe point, where every value it holds is in a frame array on the
 * linear-memory stack and the runtime holds none (see architecture.md). */
#ifdef __wasi__
#define ELLE_GC_AT_SAFE_POINTS 1
#else
#define ELLE_GC_AT_SAFE_POINTS 0
#endif

/* Runs run(arg) with a stack of `size` bytes (the program's deep
 * recursion needs more than a process's main stack gives) and returns
 * once it has; 0 if it could not be started. */
int elle_run_with_stack(void *(*run)(void *), void *arg, size_t size);

/* The lowest address the stack of run() may reach (stacks grow down),
 * `bottom` being an address in its first frame and `size` what
 * elle_run_with_stack was asked for. */
const void *elle_stack_end(const void *bottom, size_t size);

/* Whether reading a byte of `f` would not wait: bytes in its buffer, or
 * the descriptor readable (at its end included). */
int elle_platform_input_ready(FILE *f);

/* Waits until `f`'s descriptor may have input, after a read of it said it
 * would block (a non-blocking pipe: node leaves stdin so for a module). */
void elle_platform_wait_input(FILE *f);

/* Once, at start-up: what the system leaves the program to do itself. */
void elle_platform_start(void);

/* Ends the process as abort() does, the runtime having said why already:
 * no fault handler reports it a second time as a crash in C. */
_Noreturn void elle_abort_quietly(void);

#endif
