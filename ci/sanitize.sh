#!/bin/sh
# The conformance suite with the C runtime built under AddressSanitizer and
# UndefinedBehaviorSanitizer (ELLE_SANITIZE=1), interpreted and compiled at
# -O0: an out-of-bounds access, a use after free or undefined behaviour in
# the runtime ends the run that met it, and that test fails. A build of
# its own (target/sanitize), so the normal one is left as it is.
set -eu
cd "$(dirname "$0")/.."
export ELLE_SANITIZE=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/sanitize}"
# the collector never frees at exit (no leak report); SIGSEGV and SIGBUS
# are Elle's own to handle (with-ffi-safety-checks), on its own signal
# stack; a program may ask for more memory than there is (make-vector);
# elle links libasan as one library among others, not first
export ASAN_OPTIONS=detect_leaks=0:handle_segv=0:handle_sigbus=0:allow_user_segv_handler=1:use_sigaltstack=0:allocator_may_return_null=1:verify_asan_link_order=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ELLE_TEST_EXECUTORS="${ELLE_TEST_EXECUTORS:-interp,native-O0}"
cargo test --release --test conformance "$@"
