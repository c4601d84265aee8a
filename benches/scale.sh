#!/usr/bin/env bash
# Compile time against program size: each shape of program at 1k, 10k and
# 100k (SIZES) elements, run by elle and compiled by ellec (-O0 unless OPT
# says), with the CPU time (user + system, the linker's included) and peak
# memory of each. Time should grow in proportion to size. (CPU time, not
# wall time: this machine's wall clock can jump while a run is measured.)
#
#   benches/scale.sh                      every shape, SIZES="1000 10000 100000"
#   SIZES="1000 10000" benches/scale.sh case cond
#   LIMIT=60 benches/scale.sh             seconds before a run is cut off
#   OPT=2 benches/scale.sh statements     ellec -O2
#   EMIT=llvm-ir benches/scale.sh         ellec up to LLVM IR: Elle's own
#                                         expansion, analysis and lowering,
#                                         without LLVM's code generation
#
# Shapes: case (clauses, from a macro as generated code has them), cond
# (clauses), let-star (bindings), when (nested forms), let (nested), fn
# (nested lambdas), qq-vectors (vectors nested under quasiquote), forms
# (top-level definitions in one file), statements (one procedure of that
# many calls), quoted (a quoted list of integers), quoted-strings (of
# integers and strings, two of each per element). The nested shapes at
# 100k are refused by design: nesting is limited to 100,000 levels.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
LIMIT=${LIMIT:-60}
OPT=${OPT:-0}
EMIT=${EMIT:-exe}
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(case cond let-star when let fn qq-vectors forms statements quoted quoted-strings)
cargo build --release --quiet --bin elle --bin ellec
ELLE=$PWD/target/release/elle
ELLEC=$PWD/target/release/ellec
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The program of shape $1 at size $2, on standard output; each prints one line.
generate() {
  local shape=$1 n=$2 i
  case $shape in
  case)
    echo '(defmacro big-case (n) `(case x ,@(map (fn (i) `((,i) ,i)) (iota n)) (else 0)))'
    echo "(define x 5) (print (big-case $n))" ;;
  cond)
    echo '(define x 5) (print (cond'
    for ((i = 0; i < n; i++)); do echo "((= x $i) $i)"; done
    echo '(else -1)))' ;;
  let-star)
    echo '(print (let* ((v0 0)'
    for ((i = 1; i < n; i++)); do echo "(v$i (+ v$((i - 1)) 1))"; done
    echo ") v$((n - 1))))" ;;
  when)
    echo '(print '
    for ((i = 0; i < n; i++)); do printf '(when #t '; done
    printf '42'
    for ((i = 0; i < n; i++)); do printf ')'; done
    echo ')' ;;
  let)
    echo '(print '
    for ((i = 0; i < n; i++)); do printf '(let ((a%d %d)) ' "$i" "$i"; done
    printf 'a0'
    for ((i = 0; i < n; i++)); do printf ')'; done
    echo ')' ;;
  fn)
    echo '(print ('
    for ((i = 0; i < n; i++)); do printf '(fn () '; done
    printf '7'
    for ((i = 0; i < n; i++)); do printf ')'; done
    echo '))' ;;
  qq-vectors)
    printf '(define x 1) (define v `'
    for ((i = 0; i < n; i++)); do printf '['; done
    printf ',x'
    for ((i = 0; i < n; i++)); do printf ']'; done
    echo ') (print (vector-length v))' ;;
  forms)
    for ((i = 0; i < n; i++)); do echo "(define (f$i x) (+ x $i))"; done
    echo "(print (f$((n - 1)) 1))" ;;
  statements)
    echo '(define total 0) (define (add! x) (set! total (+ total x)))'
    echo '(define (run)'
    for ((i = 0; i < n; i++)); do echo "(add! $i)"; done
    echo 'total) (print (run))' ;;
  quoted)
    printf "(define data '("
    for ((i = 0; i < n; i++)); do printf '%d ' "$i"; done
    echo ')) (print (length data))' ;;
  quoted-strings)
    printf "(define data '("
    for ((i = 0; i < n; i++)); do printf '%d %d "s%d" "t%d" ' "$i" "$((i + n))" "$i" "$i"; done
    echo ')) (print (length data))' ;;
  *) echo "unknown shape $shape" >&2; exit 2 ;;
  esac
}

# "seconds peak-MiB" of a command, or why it did not finish.
measure() {
  local status=0
  /usr/bin/time -o "$work/time" -f '%U %S %M' timeout "$LIMIT" "$@" >/dev/null 2>"$work/err" || status=$?
  if [ "$status" -eq 124 ]; then
    printf 'cut off at %ss' "$LIMIT"
  elif [ "$status" -ne 0 ]; then
    printf 'failed: %s' "$(head -1 "$work/err" | sed 's/.*error: //' | cut -c1-40)"
  else
    awk 'END { printf "%.2f s %5d MiB", $1 + $2, $3 / 1024 }' "$work/time"
  fi
}

printf '%-14s %8s  %-22s %-22s\n' shape size 'elle (run)' "ellec -O$OPT --emit $EMIT"
for shape in "${shapes[@]}"; do
  for n in $SIZES; do
    generate "$shape" "$n" >"$work/p.lisp"
    printf '%-14s %8s  %-22s %-22s\n' "$shape" "$n" \
      "$(measure "$ELLE" "$work/p.lisp")" "$(measure "$ELLEC" -O"$OPT" --emit "$EMIT" "$work/p.lisp" -o "$work/p")"
  done
done
