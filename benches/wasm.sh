#!/usr/bin/env bash
# Elle's wasm32 modules in node beside its native executables, and the same
# C programs as native executables (gcc -O2) and as wasm32 modules
# (clang-19 -O2 against wasi-libc), side by side in one run: whole-process
# wall time, best of RUNS, programs run round-robin. Each module runs
# through the loader ellec writes (node started twice: once to raise the
# stack, once to run), the C modules too, so both pay the same start-up.
#
#   benches/wasm.sh                 fib 35, tak 10, binary-trees 16, nbody 500000, strhash 2000000
#   QUICK=1 benches/wasm.sh         small sizes: checks that everything builds and agrees
#   RUNS=3 benches/wasm.sh
#
# Also prints a hello module's size at -O2 and ellec's compile times.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-5}
BENCHES=(fib tak binary-trees nbody strhash)
declare -A N=([fib]=35 [tak]=10 [binary-trees]=16 [nbody]=500000 [strhash]=2000000)
[ -n "${QUICK:-}" ] && { RUNS=1; N=([fib]=20 [tak]=4 [binary-trees]=6 [nbody]=1000 [strhash]=10000); }
B=../target/bench-wasm
mkdir -p "$B"
cargo build --release --quiet --bin ellec
ELLEC=../target/release/ellec
ms() { echo "scale=1; ($(date +%s%N) - $1) / 1000000" | bc; }

declare -A CMD COMPILE
systems=(C Elle C-wasm32 Elle-wasm32)
for b in "${BENCHES[@]}"; do
  gcc -O2 -o "$B/$b-c" "native/$b.c" -lm
  t0=$(date +%s%N); $ELLEC -O2 "native/$b.lisp" -o "$B/$b-elle"; COMPILE[$b/native]=$(ms "$t0")
  t0=$(date +%s%N); $ELLEC -O2 --target wasm32 "native/$b.lisp" -o "$B/$b-elle.wasm"; COMPILE[$b/wasm32]=$(ms "$t0")
  clang-19 --target=wasm32-wasi -O2 -o "$B/$b-c.wasm" "native/$b.c" -lm -Wl,-z,stack-size=16777216
  # the C module runs through the same loader as Elle's
  sed "s/$b-elle\.wasm/$b-c.wasm/g" "$B/$b-elle.mjs" > "$B/$b-c.mjs"
  CMD[$b/C]="$B/$b-c ${N[$b]}"
  CMD[$b/Elle]="$B/$b-elle ${N[$b]}"
  CMD[$b/C-wasm32]="node $B/$b-c.mjs ${N[$b]}"
  CMD[$b/Elle-wasm32]="node $B/$b-elle.mjs ${N[$b]}"
done

# a hello module: its size, and the start-up every module run pays (node
# twice, instantiation), timed with the benchmarks
echo '(print "hello")' > "$B/hello.lisp"
$ELLEC -O2 --target wasm32 "$B/hello.lisp" -o "$B/hello.wasm"
echo 'int main(void) { puts("hello"); return 0; }' | clang-19 --target=wasm32-wasi -O2 -include stdio.h -x c - -o "$B/hello-c.wasm"
sed "s/hello\.wasm/hello-c.wasm/g" "$B/hello.mjs" > "$B/hello-c.mjs"
CMD[hello/C-wasm32]="node $B/hello-c.mjs"
CMD[hello/Elle-wasm32]="node $B/hello.mjs"

# every build of a benchmark must print what C prints before anything is timed
for b in "${BENCHES[@]}"; do
  want=$(${CMD[$b/C]})
  for s in Elle C-wasm32 Elle-wasm32; do
    [ "$(${CMD[$b/$s]})" = "$want" ] || { echo "$b: $s and C disagree" >&2; exit 1; }
  done
done

declare -A BEST
for ((r = 0; r < RUNS; r++)); do
  for b in hello "${BENCHES[@]}"; do
    for s in "${systems[@]}"; do
      c=${CMD[$b/$s]:-}; [ -n "$c" ] || continue
      t0=$(date +%s%N); $c >/dev/null 2>&1 || { echo "$b/$s failed: $c" >&2; exit 1; }; t=$(( ($(date +%s%N) - t0) / 1000 ))
      k=$b/$s; if [ -z "${BEST[$k]:-}" ] || [ "$t" -lt "${BEST[$k]}" ]; then BEST[$k]=$t; fi
    done
  done
done

# ratios of whole-process times, and of wasm32 times less the start-up
# (a hello module's run: "net")
ratio() { printf '%.2f' "$(echo "$1/$2" | bc -l)"; }
net() { local t=$(( BEST[$1/$2] - BEST[hello/$2] )); echo $(( t > 1 ? t : 1 )); }
printf '%-20s' benchmark; for s in "${systems[@]}"; do printf '%16s' "$s ms"; done
printf '%14s%14s%14s%16s%16s\n' "Elle-w/Elle" "net" "Elle/C" "Elle-w/C-w" "net"
for b in "${BENCHES[@]}"; do
  printf '%-20s' "$b ${N[$b]}"
  for s in "${systems[@]}"; do printf '%16.1f' "$(echo "${BEST[$b/$s]}/1000" | bc -l)"; done
  printf '%14s%14s%14s%16s%16s\n' "$(ratio "${BEST[$b/Elle-wasm32]}" "${BEST[$b/Elle]}")" \
    "$(ratio "$(net "$b" Elle-wasm32)" "${BEST[$b/Elle]}")" "$(ratio "${BEST[$b/Elle]}" "${BEST[$b/C]}")" \
    "$(ratio "${BEST[$b/Elle-wasm32]}" "${BEST[$b/C-wasm32]}")" \
    "$(ratio "$(net "$b" Elle-wasm32)" "$(net "$b" C-wasm32)")"
done

echo
printf '%-20s%16s%16s\n' "ellec -O2 (ms)" native wasm32
for b in "${BENCHES[@]}"; do printf '%-20s%16s%16s\n' "$b" "${COMPILE[$b/native]}" "${COMPILE[$b/wasm32]}"; done

printf '\nhello module at -O2: Elle %s bytes, C %s bytes; start-up in node (best of %s): Elle %s ms, C %s ms\n' \
  "$(stat -c %s "$B/hello.wasm")" "$(stat -c %s "$B/hello-c.wasm")" "$RUNS" \
  "$(echo "${BEST[hello/Elle-wasm32]}/1000" | bc)" "$(echo "${BEST[hello/C-wasm32]}/1000" | bc)"
