#!/bin/sh
# The whole test suite: unit tests and the conformance programs under tests/
# in every executor, GC stress mode included.
set -eu
cd "$(dirname "$0")/.."
cargo test --release --workspace
