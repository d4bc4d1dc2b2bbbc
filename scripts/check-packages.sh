#!/usr/bin/env bash
# Packs every package, then builds samples/ against the packed packages (not the projects) and installs and
# runs the packed tool, so that a package that is broken, or misses a file, cannot land. CI runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A version of its own, so NuGet's cache can never hand back an earlier pack of the same version.
version="0.1.0-ci.$(date +%Y%m%d%H%M%S)"
dotnet pack RhetoricClassifier.sln -c Release -o "$work/packages" -p:Version="$version" -v quiet -nologo
echo "packages:"; (cd "$work/packages" && ls -l *.nupkg | awk '{printf "  %-70s %6.1f MB\n", $9, $5 / 1048576}')
for sample in samples/*/; do
  for proj in "$sample"*.csproj; do
    dotnet build "$proj" -c Release -p:UsePackages=true -p:Version="$version" \
      -p:RestoreAdditionalProjectSources="$work/packages" -o "$work/samples/$(basename "$sample")" -v quiet -nologo
    echo "built $proj against the packages"
  done
done
dotnet tool install --tool-path "$work/tool" RhetoricClassifier.Cli --version "$version" --add-source "$work/packages" >/dev/null
"$work/tool/rhetoric" score examples/ --summary --format csv
"$work/tool/rhetoric" bench --seconds 1 >/dev/null
echo "installed tool ran (score and bench with its shipped sample): ok"
