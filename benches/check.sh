#!/usr/bin/env bash
# Throughput of `shuyu check` over the law corpus (58 MB of Chinese) against the baseline of
# `grep -F -c -f` with every glossary form, in the same run on the same files.
# Not a test: run by hand, `benches/check.sh [RUNS]`. Skips when ../shared/bench/laws is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
laws=../shared/bench/laws
if [ ! -d "$laws" ]; then
    echo "benches/check.sh: $laws is absent, skipped"
    exit 0
fi
runs=${1:-3}
cargo build --release --quiet --bin shuyu --example forms
forms=$(mktemp)
out=$(mktemp)
trap 'rm -f "$forms" "$out"' EXIT
./target/release/examples/forms > "$forms"
files=("$laws"/*.md)
bytes=$(cat "${files[@]}" | wc -c)
cat "${files[@]}" > /dev/null # warm the page cache for both

best() { # best wall time of $runs runs of "$@", in seconds
    local best=
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s.%N)
        # Into a file, not /dev/null: GNU grep stops at the first match when output is discarded.
        "$@" > "$out" || [ $? -eq 1 ] # 1: findings (check) or no match (grep)
        t1=$(date +%s.%N)
        best=$(echo "$t1 $t0 ${best:-1e9}" | awk '{d = $1 - $2; print (d < $3 ? d : $3)}')
    done
    echo "$best"
}

t_check=$(best ./target/release/shuyu check "$laws" --format json)
t_grep=$(best grep -F -c -f "$forms" "${files[@]}")
awk -v b="$bytes" -v c="$t_check" -v g="$t_grep" -v n="$(wc -l < "$forms")" -v f="${#files[@]}" 'BEGIN {
    mb = b / 1e6
    printf "%d files, %.1f MB, %d glossary forms\n", f, mb, n
    printf "shuyu check   %.3f s  %7.1f MB/s\n", c, mb / c
    printf "grep -F -c -f %.3f s  %7.1f MB/s\n", g, mb / g
    printf "ratio (check/grep throughput): %.2f\n", g / c
}'
