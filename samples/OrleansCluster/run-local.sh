#!/usr/bin/env bash
# Starts three silo processes and a client on localhost, scores examples/ through them, and prints how many
# documents each silo scored. Silos are stopped when the script exits.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$out"' EXIT
dotnet build samples/OrleansCluster -c Release -o "$out/bin" -v quiet -nologo >"$out/build.log" || { cat "$out/build.log"; exit 1; }
for n in 0 1 2; do
  dotnet "$out/bin/OrleansCluster.dll" silo "$n" > "$out/silo$n.log" 2>&1 &
  for _ in $(seq 60); do grep -q "silo $n up" "$out/silo$n.log" && break; sleep 0.5; done
  grep -q "silo $n up" "$out/silo$n.log" || { echo "silo $n did not start:"; cat "$out/silo$n.log"; exit 1; }
done
echo "three silos up"
dotnet "$out/bin/OrleansCluster.dll" client "${@:-examples}"
