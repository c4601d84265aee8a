#!/bin/sh
# The whole test suite: unit tests, the conformance programs under tests/
# in every executor (GC stress mode included), the fuzzers' fixed budget, and
# the conformance programs again with the runtime under AddressSanitizer and
# UndefinedBehaviorSanitizer (ci/sanitize.sh, a build of its own).
set -eu
cd "$(dirname "$0")/.."
cargo test --release --workspace
ci/sanitize.sh
