#!/usr/bin/env bash
# Time of `shuyu align` on the whole UNPC v1.0 dev set (4,000 aligned sentences), with the
# default term list (extract candidates + glossary entries without English) and with the
# evaluation list tests/fixtures/align/devset_eval.tsv. Top-1 accuracy on that list:
#   cargo test --test align dev_set_top1_accuracy -- --nocapture
# Not a test: run by hand, `benches/align.sh [RUNS]`. Skips when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
dev=../shared/corpus/unpc-devset
if [ ! -f "$dev/UNv1.0.devset.zh" ]; then
    echo "benches/align.sh: $dev is absent, skipped"
    exit 0
fi
runs=${1:-3}
cargo build --release --quiet --bin shuyu
out=$(mktemp)
trap 'rm -f "$out"' EXIT

best() { # best wall time of $runs runs of "$@", in seconds
    local best=
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s.%N)
        "$@" > "$out"
        t1=$(date +%s.%N)
        best=$(echo "$t1 $t0 ${best:-1e9}" | awk '{d = $1 - $2; print (d < $3 ? d : $3)}')
    done
    echo "$best"
}

zh=$dev/UNv1.0.devset.zh
en=$dev/UNv1.0.devset.en
t=$(best ./target/release/shuyu align "$zh" "$en" --format json)
printf 'default term list (%d terms): %.3f s\n' "$(grep -c '"term":' "$out")" "$t"
t=$(best ./target/release/shuyu align "$zh" "$en" --terms tests/fixtures/align/devset_eval.tsv --format json)
printf 'evaluation list   (%d terms): %.3f s\n' "$(grep -c '"term":' "$out")" "$t"
