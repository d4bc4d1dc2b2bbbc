#!/usr/bin/env bash
# Retrains the built-in model from training-data/ (held-out splits, the files with "test" in the name, are
# left out by name) with the default options and fixed seed, and writes it where the library embeds it.
# Then evaluates it on every held-out split: test.jsonl (short sentences) and test-realstyle.jsonl (the
# register of published text). Run after any change to training-data/; the DefaultModelTests fail until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/RhetoricClassifier.Cli -c Release -- \
  train --data training-data --seed 42 --output src/RhetoricClassifier/Models/default-model.zip
for split in training-data/test*.jsonl; do
  echo "held-out split: $split"
  dotnet run --project src/RhetoricClassifier.Cli -c Release --no-build -- \
    eval --data "$split" --model src/RhetoricClassifier/Models/default-model.zip
done
