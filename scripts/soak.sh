#!/usr/bin/env bash
# Soak test (not a unit test): generates SIZE_MB of text (default 1024) from the test split, in files of
# 4 to 40 MB (so both the whole-file and the read-in-parts paths run), scores it through the CLI with
# per-sentence JSON Lines output, and reports wall time, throughput and peak memory (VmHWM).
# Usage: scripts/soak.sh [SIZE_MB] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
work=${2:-$(mktemp -d)}
mkdir -p "$work/in"
dotnet build src/RhetoricClassifier.Cli -c Release -v q -nologo >/dev/null
python3 - "$work/in" "$size_mb" <<'PY'
import json, os, sys, random
out, size_mb = sys.argv[1], int(sys.argv[2])
sentences = [json.loads(l)["text"] for l in open("training-data/test.jsonl", encoding="utf-8")]
rng = random.Random(7)
written, n = 0, 0
while written < size_mb * 2**20:
    target = rng.choice([4, 12, 40]) * 2**20
    path = os.path.join(out, f"doc{n:04d}.txt")
    with open(path, "w", encoding="utf-8") as f:
        size = 0
        while size < target:
            para = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 9))) + "\n\n"
            f.write(para); size += len(para.encode("utf-8"))
    written += os.path.getsize(path); n += 1
print(f"generated {written / 2**20:.0f} MB in {n} files", file=sys.stderr)
PY
start=$(date +%s.%N)
dotnet src/RhetoricClassifier.Cli/bin/Release/net10.0/rhetoric.dll score "$work/in" --format jsonl --quiet > /dev/null &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
  sleep 0.5
done
wait "$pid"
end=$(date +%s.%N)
python3 - "$start" "$end" "$size_mb" "$peak" <<'PY'
import sys
start, end, size_mb, peak_kb = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
secs = end - start
print(f"scored {size_mb} MB in {secs:.1f} s: {size_mb / secs:.1f} MB/s; peak memory (VmHWM) {peak_kb / 1024:.0f} MB")
PY
rm -rf "$work/in"
