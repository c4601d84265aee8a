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

# every build of a benchmark must print what C prints before anything is timed
for b in "${BENCHES[@]}"; do
  want=$(${CMD[$b/C]})
  for s in Elle C-wasm32 Elle-wasm32; do
    [ "$(${CMD[$b/$s]})" = "$want" ] || { echo "$b: $s and C disagree" >&2; exit 1; }
  done
done

declare -A BEST
for ((r = 0; r < RUNS; r++)); do
  for b in "${BENCHES[@]}"; do
    for s in "${systems[@]}"; do
      c=${CMD[$b/$s]}
      t0=$(date +%s%N); $c >/dev/null 2>&1 || { echo "$b/$s failed: $c" >&2; exit 1; }; t=$(( ($(date +%s%N) - t0) / 1000 ))
      k=$b/$s; if [ -z "${BEST[$k]:-}" ] || [ "$t" -lt "${BEST[$k]}" ]; then BEST[$k]=$t; fi
    done
  done
done

ratio() { printf '%.2f' "$(echo "${BEST[$1]}/${BEST[$2]}" | bc -l)"; }
printf '%-20s' benchmark; for s in "${systems[@]}"; do printf '%14s' "$s ms"; done
printf '%16s%16s%16s\n' "Elle-w/Elle" "Elle/C" "Elle-w/C-w"
for b in "${BENCHES[@]}"; do
  printf '%-20s' "$b ${N[$b]}"
  for s in "${systems[@]}"; do printf '%14.1f' "$(echo "${BEST[$b/$s]}/1000" | bc -l)"; done
  printf '%16s%16s%16s\n' "$(ratio "$b/Elle-wasm32" "$b/Elle")" "$(ratio "$b/Elle" "$b/C")" \
    "$(ratio "$b/Elle-wasm32" "$b/C-wasm32")"
done

echo
printf '%-20s%16s%16s\n' "ellec -O2 (ms)" native wasm32
for b in "${BENCHES[@]}"; do printf '%-20s%16s%16s\n' "$b" "${COMPILE[$b/native]}" "${COMPILE[$b/wasm32]}"; done

echo '(print "hello")' > "$B/hello.lisp"
$ELLEC -O2 --target wasm32 "$B/hello.lisp" -o "$B/hello.wasm"
echo 'int main(void) { puts("hello"); return 0; }' | clang-19 --target=wasm32-wasi -O2 -include stdio.h -x c - -o "$B/hello-c.wasm"
printf '\nhello module at -O2: Elle %s bytes, C %s bytes\n' "$(stat -c %s "$B/hello.wasm")" "$(stat -c %s "$B/hello-c.wasm")"
