#!/usr/bin/env bash
# Peak RSS and wall time of `shuyu check` on TMX memories of 100,000 and 1,000,000 units, beside
# the same text as a pair of plain files: reading a TMX is streamed, so its memory grows with
# the text, like the plain pair's, not with a tree of the XML.
# usage: benches/formats_memory.sh [SHUYU] [WORKDIR]   (defaults: target/release/shuyu, a temp dir)
set -euo pipefail
bin=$(realpath "${1:-target/release/shuyu}")
dir=${2:-$(mktemp -d)}
mkdir -p "$dir" && cd "$dir"
cat > gen.py <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
zh = "各国应加强能力建设，促进和平利用信息和通信技术。"
en = "States should strengthen capacity-building and promote the peaceful use of information and communications technologies."
with open(out + ".tmx", "w") as t, open(out + ".zh.txt", "w") as z, open(out + ".en.txt", "w") as e:
    t.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
            'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="none" '
            'creationtool="gen" creationtoolversion="1"/><body>\n')
    for i in range(n):
        t.write(f'<tu tuid="{i}"><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
                f'<tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>\n')
        z.write(zh + "\n")
        e.write(en + "\n")
    t.write("</body></tmx>\n")
PY
for n in 100000 1000000; do
  [ -f m$n.tmx ] || python3 gen.py $n m$n
  ls -l m$n.tmx m$n.zh.txt m$n.en.txt | awk '{print $5, $9}'
  /usr/bin/time -f "check m$n.tmx | %e s | %M KB" "$bin" check m$n.tmx --format json > /dev/null || true
  /usr/bin/time -f "check m$n.zh.txt m$n.en.txt (pair) | %e s | %M KB" "$bin" check m$n.zh.txt --format json > /dev/null || true
done
