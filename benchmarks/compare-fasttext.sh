#!/usr/bin/env bash
# Whole-process comparison against fastText (issue 13): the published `rhetoric` CLI and
# `fasttext predict-prob` score the same sentences, run alternately so that both see the same machine
# state, and the script prints medians and the ratio, plus a one-sentence (start-up) comparison.
#
#   benchmarks/compare-fasttext.sh [SENTENCES] [RUNS]     # defaults: 400000 sentences, 5 runs each
#
# Needs Debian's `fasttext` (installed with apt-get when missing and running as root) and python3.
# Sentences come from training-data/ (all splits: this is a speed test, not an accuracy test), repeated
# in a shuffled order until SENTENCES lines. Both programs read the same text and write to a file.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-400000}
RUNS=${2:-5}
WORK=${COMPARE_WORK:-$(mktemp -d)}
mkdir -p "$WORK"
trap '[ -z "${COMPARE_WORK:-}" ] && rm -rf "$WORK"' EXIT

if ! command -v fasttext >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq fasttext >/dev/null
  else echo "compare-fasttext: install Debian's fasttext package first" >&2; exit 2; fi
fi

echo "== building $N sentences and the fastText training file in $WORK"
python3 - "$N" "$WORK" <<'PY'
import json, glob, random, sys
n, work = int(sys.argv[1]), sys.argv[2]
rows = []
for path in sorted(glob.glob("training-data/*.jsonl")):
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line:
            r = json.loads(line)
            rows.append((" ".join(r["text"].split()), r.get("labels", []), "test" in path))
rng = random.Random(42)
# fastText trains on the training files only, with the same tags (one-vs-all, a sentence may have 0-3).
with open(f"{work}/ft-train.txt", "w", encoding="utf-8") as f:
    for text, labels, is_test in rows:
        if not is_test:
            tags = " ".join("__label__" + t for t in labels) or "__label__none"
            f.write(f"{tags} {text}\n")
texts = [t for t, _, _ in rows]
with open(f"{work}/sentences.txt", "w", encoding="utf-8") as plain, \
     open(f"{work}/sentences.jsonl", "w", encoding="utf-8") as js:
    order = []
    while len(order) < n:
        block = list(range(len(texts))); rng.shuffle(block); order.extend(block)
    total = 0
    nonascii = 0
    for i, k in enumerate(order[:n]):
        t = texts[k]
        total += len(t); nonascii += any(ord(c) > 127 for c in t)
        plain.write(t + "\n")
        js.write(json.dumps({"id": f"s{i}", "text": t}, ensure_ascii=False) + "\n")
    print(f"   {n} sentences, {total / n:.0f} characters on average, {100 * nonascii / n:.0f}% with non-ASCII")
with open(f"{work}/one.txt", "w", encoding="utf-8") as f:
    f.write(texts[0] + "\n")
with open(f"{work}/one.jsonl", "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "one", "text": texts[0]}, ensure_ascii=False) + "\n")
PY

echo "== training fastText (OVA, word bigrams, char 3-5-grams, dim 50)"
fasttext supervised -input "$WORK/ft-train.txt" -output "$WORK/ft" -loss ova -wordNgrams 2 \
  -minn 3 -maxn 5 -dim 50 -epoch 25 -lr 0.5 -thread 2 -verbose 0

echo "== publishing the CLI as the project file sets it (dotnet publish -c Release: Native AOT, which needs clang and zlib1g-dev)"
{ command -v clang >/dev/null && [ -e /usr/include/zlib.h ]; } || { apt-get update && apt-get install -y clang zlib1g-dev; }
dotnet publish src/RhetoricClassifier.Cli -c Release -o "$WORK/rhetoric" -v quiet -nologo >/dev/null
RHETORIC="$WORK/rhetoric/rhetoric"
[ -x "$RHETORIC" ] || RHETORIC="dotnet $WORK/rhetoric/rhetoric.dll"

seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s%N); printf '%d.%09d\n' $(((e - s) / 1000000000)) $(((e - s) % 1000000000)); }
run_rhetoric() { $RHETORIC score "$1" --no-split --format jsonl --output "$WORK/out.jsonl" --quiet; }
run_fasttext() { fasttext predict-prob "$WORK/ft.bin" "$1" -1 0.5 > "$WORK/out.txt"; }

# One untimed run each, so both start from a warm page cache.
run_rhetoric "$WORK/sentences.jsonl"; run_fasttext "$WORK/sentences.txt"
lines=$(wc -l < "$WORK/out.jsonl"); [ "$lines" = "$N" ] || { echo "rhetoric wrote $lines records, expected $N" >&2; exit 1; }

echo "== $RUNS alternating runs on $N sentences"
R=(); F=(); R1=(); F1=()
for i in $(seq "$RUNS"); do
  R+=("$(seconds run_rhetoric "$WORK/sentences.jsonl")")
  F+=("$(seconds run_fasttext "$WORK/sentences.txt")")
done
echo "== $((RUNS * 4)) alternating one-sentence runs (start, load the model, score, write, exit)"
# The large runs leave hundreds of megabytes of output to be written back; let that finish first, or it lands in
# these 0.1-0.2 s runs (a 0.13 s median instead of 0.10 s was seen).
rm -f "$WORK/out.jsonl" "$WORK/out.txt"; sync
for i in $(seq $((RUNS * 4))); do
  R1+=("$(seconds run_rhetoric "$WORK/one.jsonl")")
  F1+=("$(seconds run_fasttext "$WORK/one.txt")")
done

python3 - "$N" "${R[*]}" "${F[*]}" "${R1[*]}" "${F1[*]}" <<'PY'
import statistics as st, sys
n = int(sys.argv[1])
r, f, r1, f1 = ([float(x) for x in a.split()] for a in sys.argv[2:6])
mr, mf, m1r, m1f = st.median(r), st.median(f), st.median(r1), st.median(f1)
print()
print("| run | rhetoric (median s) | fastText (median s) | rhetoric sentences/s | fastText sentences/s | ratio |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| {n:,} sentences, whole process | {mr:.3f} | {mf:.3f} | {n / mr:,.0f} | {n / mf:,.0f} | {mf / mr:.2f}x |")
print(f"| one sentence, whole process | {m1r:.3f} | {m1f:.3f} | | | {m1f / m1r:.2f}x |")
print()
print("all runs (s): rhetoric", " ".join(f"{x:.3f}" for x in r), "| fastText", " ".join(f"{x:.3f}" for x in f))
PY
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --version) SDK"
