#!/usr/bin/env bash
# Callback overhead, side by side in one run: libc qsort of N ints (1,000,000
# by default) with a comparator written in C, in compiled Elle (ellec -O2:
# a native thunk), and in elle (a libffi closure); and peers with the
# peers' programs in benches/peers/callback where installed (luajit,
# chezscheme, python3 with cffi).
# Each figure is the sort's own time (measured inside the program, best of
# RUNS) divided by the comparisons C's qsort makes on the same input.
#
#   benches/callback.sh        N=1000000 RUNS=3
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-1000000}
RUNS=${RUNS:-3}
B=../target/bench/callback
PEERS=peers
mkdir -p "$B"
cargo build --release --quiet --bin ellec --bin elle
gcc -O2 -o "$B/qsort-c" "$PEERS/callback/qsort_c.c"
../target/release/ellec -O2 callback/qsort.lisp -o "$B/qsort-elle"
have() { command -v "$1" >/dev/null 2>&1; }
best() { # best sort_ns of RUNS runs of "$@"
  local b=
  for ((r = 0; r < RUNS; r++)); do
    local t=$("$@" | awk '/^sort_ns/ {print $2}')
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
ncmp=$("$B/qsort-c" "$N" | awk '/^ncmp/ {print $2}')
c=$(best "$B/qsort-c" "$N")
row() { printf '%-28s %10.1f %8.2f\n' "$1" "$(echo "$2 / $ncmp" | bc -l)" "$(echo "$2 / $c" | bc -l)"; }
printf 'qsort of %d ints, %d comparisons\n%-28s %10s %8s\n' "$N" "$ncmp" "comparator" "ns/cmp" "x C"
row "C (gcc -O2)" "$c"
row "compiled Elle (ellec -O2)" "$(best "$B/qsort-elle" "$N")"
row "elle (interpreter)" "$(best ../target/release/elle callback/qsort.lisp "$N")"
if have luajit; then row "LuaJIT" "$(best luajit "$PEERS/callback/qsort.lua" "$N")"; fi
if have scheme; then row "Chez Scheme" "$(best scheme --program "$PEERS/callback/qsort_chez.ss" "$N")"; fi
if python3 -c 'import cffi' 2>/dev/null; then row "Python cffi" "$(best python3 "$PEERS/callback/qsort_cffi.py" "$N")"; fi
