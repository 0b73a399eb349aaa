#!/usr/bin/env bash
# Peak RSS and wall time of `shuyu check` on one-line inputs of 1, 10 and 100 MB (the table
# "Memory of check on one-line inputs" in docs/benchmarks.md), in every output format.
# usage: benches/check_memory.sh [SHUYU] [WORKDIR]   (defaults: target/release/shuyu, a temp dir)
set -euo pipefail
bin=$(realpath "${1:-target/release/shuyu}")
dir=${2:-$(mktemp -d)}
mkdir -p "$dir" && cd "$dir"
cat > gen.py <<'PY'
import sys
mode, mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
n = int(mb * 1_000_000)
unit = {"plain": "各国应推广发展合作，", "dep": "各国应推广信息通信技术，",
        "zh": "会员国注意到可持续发展和能力建设，",
        "en": "The General Assembly notes the report of the Secretary-General on development.\n"}[mode]
s = (unit * (n // len(unit.encode()) + 1)).encode()[:n].decode("utf-8", "ignore")
if mode != "en":
    s = s.rstrip("\n") + "\n"
open(out, "w").write(s)
PY
for s in 1 10 100; do for m in plain dep zh en; do
    [ -f $m$s.txt ] || python3 gen.py $m $s $m$s.txt
done; done
ulimit -v 8000000
for s in 1 10 100; do
  for c in "check plain$s.txt" "check dep$s.txt" "check en$s.txt" \
           "check --pair plain$s.txt en$s.txt" "check --pair zh$s.txt en$s.txt"; do
    for f in human json sarif github; do
      /usr/bin/time -f "$c --format $f | %e s | %M KB" "$bin" $c --format $f > /dev/null || true
    done
  done
done
