#!/usr/bin/env bash
# Header import times: cold (an empty import cache) and warm, for the
# headers of the goal programs, beside `clang-19 -fsyntax-only` on the same
# header. Each figure is the whole `elle` process running a program that
# imports the header and prints one of its constants (no C call, so no
# library is loaded), best of RUNS; elle's own start-up on a program with
# no import is printed too. Headers whose packages are not installed
# are skipped.
#
#   benches/imports.sh        RUNS=5
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-5}
B=../target/bench/imports
mkdir -p "$B"
cargo build --release --quiet --bin elle
elle=../target/release/elle
ms() { # best wall time in ms of RUNS runs of "$@"; `fresh` empties the cache first
  local b= fresh=$1; shift
  for ((r = 0; r < RUNS; r++)); do
    [ "$fresh" = fresh ] && rm -rf "$B/cache"
    local t0=$(date +%s%N); XDG_CACHE_HOME="$B/cache" "$@" >/dev/null; local t=$(( $(date +%s%N) - t0 ))
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
  done
  echo "scale=1; $b / 1000000" | bc
}
echo '(print 1)' > "$B/none.lisp"
printf '%-16s %10s %10s %10s\n' header "clang (ms)" "cold (ms)" "warm (ms)"
printf '%-16s %10s %10s %10s\n' "(no import)" - - "$(ms warm "$elle" "$B/none.lisp")"
while read -r header lib constant; do
  flags=$( { pkg-config --cflags "$lib" 2>/dev/null || "$lib" --cflags 2>/dev/null; } ) || { echo "$header: $lib not installed, skipped"; continue; }
  echo "#include <$header>" > "$B/h.c"
  name=$(echo "$header" | tr '/.' '__')
  printf '(load-library "%s" :header "%s")\n(print %s)\n' "$lib" "$header" "$constant" > "$B/$name.lisp"
  # shellcheck disable=SC2086
  clang=$(ms warm clang-19 -fsyntax-only $flags "$B/h.c")
  cold=$(ms fresh "$elle" "$B/$name.lisp")
  warm=$(ms warm "$elle" "$B/$name.lisp")
  printf '%-16s %10s %10s %10s\n' "$header" "$clang" "$cold" "$warm"
done <<'LIST'
SDL2/SDL.h sdl2 SDL_INIT_VIDEO
gtk/gtk.h gtk4 GTK_ORIENTATION_VERTICAL
llvm-c/Core.h llvm-config-19 LLVMIntegerTypeKind
zlib.h zlib Z_BEST_COMPRESSION
LIST
