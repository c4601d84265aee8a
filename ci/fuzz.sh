#!/bin/sh
# Long fuzzing runs (cli/tests/fuzz.rs). `cargo test` already runs a
# short fixed-seed budget of each fuzzer; this runs them for longer:
#
#   ci/fuzz.sh --minutes N [--seed S] [--mode differential|mutation|both]
#              [--seeds COUNT] [--jobs J] [--timeout SECONDS]
#              [--shapes standard|all|none|NAME,...] [--findings DIR]
#
# Each option sets the environment variable the fuzzer reads, which may
# also be set directly:
#
#   ELLE_FUZZ_MINUTES     wall time to run (default 5)
#   ELLE_FUZZ_SEEDS       run exactly this many seeds instead (reproducible
#                         counts; overrides the time)
#   ELLE_FUZZ_SEED        first seed (default 1000); seed S+i is the i-th
#                         program or mutant, so a finding's seed reproduces it
#                         with --seed S+i --seeds 1
#   ELLE_FUZZ_MODE        differential (generated programs, every executor
#                         must agree), mutation (mutants of tests/ programs
#                         must not crash, hang or exhaust memory), or both
#                         (even seeds differential, odd mutation; default)
#   ELLE_FUZZ_JOBS        parallel workers (default 2)
#   ELLE_FUZZ_TIMEOUT     seconds each compile or run may take (default 10)
#   ELLE_FUZZ_SHAPES      edge shapes in generated programs (data that
#                         contains itself, circular expansions, ...):
#                         standard (default), all (adds deep nesting), none,
#                         or any of circular-data, cyclic-macro,
#                         deep-nesting, quasiquote-tail, case-arrow
#   ELLE_FUZZ_FINDINGS    where findings go (default target/fuzz-findings)
#
# At the end it prints the figures (programs generated, mutants, runs per
# executor, findings by signature) and writes them to
# $ELLE_FUZZ_FINDINGS/summary-seedS.txt. Each finding's folder holds the
# program (program.lisp) and report.txt: the executor, the command, and
# what happened in every executor. The exit status is 1 if anything was
# found.
set -eu
cd "$(dirname "$0")/.."
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) ELLE_FUZZ_MINUTES=$2; export ELLE_FUZZ_MINUTES; shift 2 ;;
        --seed) ELLE_FUZZ_SEED=$2; export ELLE_FUZZ_SEED; shift 2 ;;
        --seeds) ELLE_FUZZ_SEEDS=$2; export ELLE_FUZZ_SEEDS; shift 2 ;;
        --mode) ELLE_FUZZ_MODE=$2; export ELLE_FUZZ_MODE; shift 2 ;;
        --jobs) ELLE_FUZZ_JOBS=$2; export ELLE_FUZZ_JOBS; shift 2 ;;
        --timeout) ELLE_FUZZ_TIMEOUT=$2; export ELLE_FUZZ_TIMEOUT; shift 2 ;;
        --shapes) ELLE_FUZZ_SHAPES=$2; export ELLE_FUZZ_SHAPES; shift 2 ;;
        --findings) ELLE_FUZZ_FINDINGS=$2; export ELLE_FUZZ_FINDINGS; shift 2 ;;
        -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
        *) echo "ci/fuzz.sh: unknown option $1 (--help lists them)" >&2; exit 2 ;;
    esac
done
: "${ELLE_FUZZ_FINDINGS:=${CARGO_TARGET_DIR:-target}/fuzz-findings}"
mkdir -p "$ELLE_FUZZ_FINDINGS"
ELLE_FUZZ_FINDINGS=$(cd "$ELLE_FUZZ_FINDINGS" && pwd)
export ELLE_FUZZ_FINDINGS
cargo test --release -p elle-cli --test fuzz -- --ignored --exact long_run --nocapture
