#!/bin/sh
# The whole test suite: unit tests, the conformance programs under tests/
# in every executor (GC stress mode included), the fuzzers' fixed budget, and
# the conformance programs again with the runtime under AddressSanitizer and
# UndefinedBehaviorSanitizer (ci/sanitize.sh, a build of its own). First
# the habits: the tree formatted, and clippy without a warning.
set -eu
cd "$(dirname "$0")/.."
cargo fmt --all --check
cargo clippy --release --workspace --all-targets -- -D warnings
cargo test --release --workspace
ci/sanitize.sh
