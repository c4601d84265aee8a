#!/usr/bin/env bash
# The interpreter against other interpreters, side by side in one run:
# naive fib(N) in elle, python3 and lua5.4 (each skipped if not installed).
# Prints the best of RUNS wall-clock times and the ratio to elle.
#
#   benches/interp.sh            N=30, RUNS=5
#   N=25 RUNS=3 benches/interp.sh
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-30}
RUNS=${RUNS:-5}
cargo build --release --quiet --bin elle
ELLE=../target/release/elle

declare -A cmd=(
  [elle]="$ELLE interp/fib.lisp $N"
  [python3]="python3 interp/fib.py $N"
  [lua5.4]="lua5.4 interp/fib.lua $N"
)
order=(elle python3 lua5.4)
declare -A best
for ((r = 0; r < RUNS; r++)); do          # round-robin: systems side by side
  for sys in "${order[@]}"; do
    command -v "${cmd[$sys]%% *}" >/dev/null 2>&1 || continue
    start=$(date +%s%N)
    out=$(${cmd[$sys]})
    t=$(( ($(date +%s%N) - start) / 1000 ))
    [ -n "${want:-}" ] || want=$out
    [ "$out" = "$want" ] || { echo "$sys printed $out, elle $want" >&2; exit 1; }
    if [ -z "${best[$sys]:-}" ] || [ "$t" -lt "${best[$sys]}" ]; then best[$sys]=$t; fi
  done
done
printf '%-10s %12s %10s\n' system "fib($N) ms" "vs elle"
for sys in "${order[@]}"; do
  [ -n "${best[$sys]:-}" ] || { printf '%-10s %12s\n' "$sys" "not installed"; continue; }
  printf '%-10s %12.1f %10.2f\n' "$sys" "$(echo "${best[$sys]} / 1000" | bc -l)" "$(echo "${best[$sys]} / ${best[elle]}" | bc -l)"
done
