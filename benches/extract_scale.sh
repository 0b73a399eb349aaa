#!/bin/sh
# Time and peak memory of `shuyu extract` on 1×, 4× and 16× the law corpus, in memory and in
# partitions (forced by a small --memory-limit), with a check that both give the same output.
# The copies are made under distinct names (hard links where possible) in a temporary folder,
# removed at the end. Run it on a quiet machine: the figures are wall-clock seconds.
#
# Usage: benches/extract_scale.sh [BINARY=target/release/shuyu] [LAWS=../shared/bench/laws]
#                                 [LIMIT=256M] [TIMES="1 4 16"]
# Prints one row per run: input size, path, seconds, peak RSS, and whether the output is the
# same as the in-memory run's (the run time left out).
set -eu
bin=$(realpath "${1:-target/release/shuyu}")
laws=$(realpath "${2:-../shared/bench/laws}")
limit=${3:-256M}
times=${4:-1 4 16}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT INT TERM
[ -x "$bin" ] || { echo "no binary at $bin: cargo build --release first" >&2; exit 2; }
[ -d "$laws" ] || { echo "no law corpus at $laws (../shared/bench/laws)" >&2; exit 2; }

# Copy $1 of the corpus into $dir/x$1, file names prefixed with the copy's number.
copies() {
  mkdir "$dir/x$1"
  i=1
  while [ "$i" -le "$1" ]; do
    for f in "$laws"/*; do
      ln "$f" "$dir/x$1/c$i-$(basename "$f")" 2>/dev/null || cp "$f" "$dir/x$1/c$i-$(basename "$f")"
    done
    i=$((i + 1))
  done
}

# run NAME ARGS…: one timed run, its output in $dir/NAME.json, "seconds peak_MiB" on stdout.
run() {
  name=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/$name.time" \
    "$bin" extract "$@" --threads 2 --format json -q > "$dir/$name.json"
  grep -v '"seconds":' "$dir/$name.json" > "$dir/$name.cmp"
  awk '{ printf "%s %d", $1, $2 / 1024 }' "$dir/$name.time"
}

printf '%-8s %-9s %-12s %8s %14s  %s\n' size MB path seconds "peak RSS MiB" "same output"
for x in $times; do
  copies "$x"
  mb=$(du -lsm "$dir/x$x" | cut -f1)
  set -- $(run "m$x" "$dir/x$x" --memory-limit 1T)
  printf '%-8s %-9s %-12s %8s %14s  %s\n' "${x}x" "$mb" "in memory" "$1" "$2" -
  set -- $(run "p$x" "$dir/x$x" --memory-limit "$limit")
  same=no; cmp -s "$dir/m$x.cmp" "$dir/p$x.cmp" && same=yes
  printf '%-8s %-9s %-12s %8s %14s  %s\n' "${x}x" "$mb" "--memory-limit $limit" "$1" "$2" "$same"
  rm -rf "$dir/x$x" "$dir"/*.json
  [ "$same" = yes ] || { echo "outputs differ at ${x}x" >&2; exit 1; }
done
