#!/usr/bin/env bash
# Retrains the built-in model from training-data/ (the test split is left out by name) with the
# default options and fixed seed, and writes it where the library embeds it. Run after any change
# to training-data/; the DefaultModelTests fail until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/RhetoricClassifier.Cli -c Release -- \
  train --data training-data --seed 42 --output src/RhetoricClassifier/Models/default-model.zip
dotnet run --project src/RhetoricClassifier.Cli -c Release -- \
  eval --data training-data/test.jsonl --model src/RhetoricClassifier/Models/default-model.zip
dotnet run --project src/RhetoricClassifier.Cli -c Release -- \
  eval --data training-data/test-realstyle.jsonl --model src/RhetoricClassifier/Models/default-model.zip
