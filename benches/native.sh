#!/usr/bin/env bash
# ellec's executables against C (gcc -O2) and the peers installed from
# Debian, side by side in one run: whole-process wall time, best of RUNS,
# programs run round-robin. Prints each time and its ratio to C.
#
#   benches/native.sh                 fib 35, tak 10, binary-trees 16, nbody 500000, strhash 2000000
#   QUICK=1 benches/native.sh         small sizes: checks that everything builds and agrees
#   RUNS=3 benches/native.sh
#
# Peers (skipped when not installed): chezscheme, sbcl, luajit, guile-3.0 run
# the peers' fib and binary-trees programs in benches/peers/core.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-5}
declare -A N=([fib]=35 [tak]=10 [binary-trees]=16 [nbody]=500000 [strhash]=2000000)
[ -n "${QUICK:-}" ] && { RUNS=1; N=([fib]=20 [tak]=4 [binary-trees]=6 [nbody]=1000 [strhash]=10000); }
B=../target/bench
mkdir -p "$B"
cargo build --release --quiet --bin ellec
PEERS=peers/core
have() { command -v "$1" >/dev/null 2>&1; }

declare -A CMD   # "bench/system" -> command
systems=(C Elle)
for b in fib tak binary-trees nbody strhash; do
  gcc -O2 -o "$B/$b-c" "native/$b.c" -lm
  ../target/release/ellec -O2 "native/$b.lisp" -o "$B/$b-elle"
  CMD[$b/C]="$B/$b-c ${N[$b]}"
  CMD[$b/Elle]="$B/$b-elle ${N[$b]}"
done
if have scheme; then systems+=(Chez)
  CMD[fib/Chez]="scheme --program $PEERS/fib_chez.ss ${N[fib]}"
  CMD[binary-trees/Chez]="scheme --program $PEERS/binarytrees_chez.ss ${N[binary-trees]}"; fi
if have sbcl; then systems+=(SBCL)
  for b in fib binarytrees; do
    sbcl --noinform --non-interactive --no-sysinit --no-userinit \
      --eval "(compile-file \"$PEERS/${b}_sbcl.lisp\" :output-file \"$PWD/$B/${b}_sbcl.fasl\")" >/dev/null 2>&1
  done
  CMD[fib/SBCL]="sbcl --script $B/fib_sbcl.fasl ${N[fib]}"
  CMD[binary-trees/SBCL]="sbcl --script $B/binarytrees_sbcl.fasl ${N[binary-trees]}"; fi
if have luajit; then systems+=(LuaJIT)
  CMD[fib/LuaJIT]="luajit $PEERS/fib.lua ${N[fib]}"
  CMD[binary-trees/LuaJIT]="luajit $PEERS/binarytrees.lua ${N[binary-trees]}"; fi
if have guile; then systems+=(Guile)
  CMD[fib/Guile]="guile $PEERS/fib_guile.scm ${N[fib]}"
  CMD[binary-trees/Guile]="guile $PEERS/binarytrees_guile.scm ${N[binary-trees]}"; fi

# Elle and C must agree before anything is timed
for b in fib tak binary-trees nbody strhash; do
  [ "$(${CMD[$b/C]})" = "$(${CMD[$b/Elle]})" ] || { echo "$b: Elle and C disagree" >&2; exit 1; }
done

declare -A BEST
for ((r = 0; r < RUNS; r++)); do
  for b in fib tak binary-trees nbody strhash; do
    for s in "${systems[@]}"; do
      c=${CMD[$b/$s]:-}; [ -n "$c" ] || continue
      t0=$(date +%s%N); $c >/dev/null 2>&1 || { echo "$b/$s failed: $c" >&2; continue; }; t=$(( ($(date +%s%N) - t0) / 1000 ))
      k=$b/$s; if [ -z "${BEST[$k]:-}" ] || [ "$t" -lt "${BEST[$k]}" ]; then BEST[$k]=$t; fi
    done
  done
done

printf '%-14s' benchmark; for s in "${systems[@]}"; do printf '%18s' "$s ms (x C)"; done; echo
for b in fib tak binary-trees nbody strhash; do
  printf '%-14s' "$b ${N[$b]}"
  for s in "${systems[@]}"; do
    t=${BEST[$b/$s]:-}
    if [ -z "$t" ]; then printf '%18s' "-"; else printf '%18s' "$(printf '%.1f (%.2f)' "$(echo "$t/1000" | bc -l)" "$(echo "$t/${BEST[$b/C]}" | bc -l)")"; fi
  done; echo
done
