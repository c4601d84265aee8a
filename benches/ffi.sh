#!/usr/bin/env bash
# Per-call cost of a trivial C function (int add(int,int) in a shared
# library) from C, from C through libffi (a prepared CIF: the floor of a
# libffi-based interpreter), from compiled Elle (ellec --dynamic: through
# the PLT, as C calls it) and from elle, side by side in one run. Each figure
# is (time of N calls - time of the same loop without the call) / N, best
# of RUNS whole-process runs.
#
#   benches/ffi.sh            N=10000000 (elle: N/10), RUNS=5
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-10000000}
RUNS=${RUNS:-5}
B=../target/bench/ffi
mkdir -p "$B"
cargo build --release --quiet --bin ellec --bin elle
gcc -O2 -fPIC -shared -o "$B/libadd.so" ffi/add.c
gcc -O2 -o "$B/calls-c" ffi/calls.c -L"$B" -ladd -Wl,-rpath,"$PWD/$B"
gcc -O2 -o "$B/calls-libffi" ffi/calls-libffi.c -lffi -ldl
../target/release/ellec -O2 --dynamic ffi/calls.lisp -o "$B/calls-elle"
best() { # best wall time in ns of RUNS runs of "$@"
  local b=
  for ((r = 0; r < RUNS; r++)); do
    local t0=$(date +%s%N); "$@" >/dev/null; local t=$(( $(date +%s%N) - t0 ))
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
  done
  echo "$b"
}
per_call() { # n, command..., [-- args after n and call|empty]
  local n=$1; shift
  local cmd=() after=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do cmd+=("$1"); shift; done
  [ $# -gt 0 ] && { shift; after=("$@"); }
  local with=$(best "${cmd[@]}" "$n" call "${after[@]}") without=$(best "${cmd[@]}" "$n" empty "${after[@]}")
  echo "($with - $without) / $n" | bc -l
}
c=$(per_call "$N" "$B/calls-c")
f=$(per_call "$N" "$B/calls-libffi" -- "$PWD/$B/libadd.so")
e=$(per_call "$N" "$B/calls-elle")
i=$(per_call $((N / 10)) ../target/release/elle ffi/calls.lisp)
printf '%-28s %10s %8s\n' "add(int,int) per call" "ns" "x C"
printf '%-28s %10.2f %8.2f\n' "C (gcc -O2, PLT)" "$c" 1
printf '%-28s %10.2f %8.2f\n' "C through libffi" "$f" "$(echo "$f / $c" | bc -l)"
printf '%-28s %10.2f %8.2f\n' "compiled Elle (ellec -O2)" "$e" "$(echo "$e / $c" | bc -l)"
printf '%-28s %10.2f %8.2f %8.2f x libffi\n' "elle (interpreter)" "$i" "$(echo "$i / $c" | bc -l)" "$(echo "$i / $f" | bc -l)"
