#!/usr/bin/env bash
# Packs every package, then builds samples/ against the packed packages (not the projects) and installs and
# runs the packed tool, so that a package that is broken, or misses a file, cannot land. CI runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v unzip >/dev/null || { apt-get update && apt-get install -y unzip; }   # to look inside the packages
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A version of its own, so NuGet's cache can never hand back an earlier pack of the same version.
version="0.1.0-ci.$(date +%Y%m%d%H%M%S)"
dotnet pack RhetoricClassifier.sln -c Release -o "$work/packages" -p:Version="$version" -v quiet -nologo
# The tool's per-platform packages, packed one by one (a Native AOT tool is packed per platform, on that platform): Native
# AOT for linux-x64, with its managed companion for 'train' (the AOT compiler needs clang and zlib1g-dev), and a
# framework-dependent IL package for every other platform. The solution's pack above made the top-level package.
{ command -v clang >/dev/null && [ -e /usr/include/zlib.h ]; } || { apt-get update && apt-get install -y clang zlib1g-dev; }
dotnet pack src/RhetoricClassifier.Cli -c Release -r linux-x64 -o "$work/packages" -p:Version="$version" -v quiet -nologo
dotnet pack src/RhetoricClassifier.Cli -c Release -r any -p:PublishAot=false -o "$work/packages" -p:Version="$version" -v quiet -nologo
echo "packages:"; (cd "$work/packages" && ls -l *.nupkg | awk '{printf "  %-70s %6.1f MB\n", $9, $5 / 1048576}')
# What the gallery shows and what a debugger needs: every package has its README, icon, tags and repository commit,
# and its .snupkg PDBs carry SourceLink (the JSON that maps each source file to its URL at that commit).
for nupkg in "$work"/packages/*.nupkg; do
  name=$(basename "$nupkg")
  files=$(unzip -Z1 "$nupkg")
  printf '%s\n' "$files" >"$work/$name.files"   # kept for the tool checks below, so each package is listed once
  nuspec=$(unzip -p "$nupkg" '*.nuspec')
  for f in README.md icon.png; do grep -qx "$f" <<<"$files" || { echo "$name has no $f" >&2; exit 1; }; done
  for e in '<tags>' '<repository type="git" url="https://' 'commit="' '<readme>README.md</readme>' '<icon>icon.png</icon>'; do
    grep -qF "$e" <<<"$nuspec" || { echo "$name: the nuspec has no $e" >&2; exit 1; }
  done
  snupkg="${nupkg%.nupkg}.snupkg"
  # The tool's top-level package only points to its per-platform packages: no assemblies, so no symbols.
  if ! grep -q '\.dll$' <<<"$files" && grep -q 'DotnetToolSettings.xml' <<<"$files"; then continue; fi
  [ -f "$snupkg" ] || { echo "$name has no .snupkg" >&2; exit 1; }
  for pdb in $(unzip -Z1 "$snupkg" | grep '\.pdb$'); do
    unzip -p "$snupkg" "$pdb" >"$work/check.pdb"   # not piped into grep -q: its early exit would fail the pipe
    grep -qa 'raw.githubusercontent.com/rhetoric-classifier/' "$work/check.pdb" || { echo "$name: $pdb has no SourceLink" >&2; exit 1; }
  done
done
# The tool carries only what it runs (see DropUnusedNativeFiles in its project).
unwanted=$(cat "$work"/RhetoricClassifier.Cli.*.nupkg.files | grep -E 'LdaNative|\.dbg$|\.dwarf$|KMeansClustering|Microsoft\.ML\.PCA|System\.CodeDom|/[^/]+\.xml$' | grep -v DotnetToolSettings.xml || true)
[ -z "$unwanted" ] || { echo "the tool package carries files it never loads:" >&2; echo "$unwanted" >&2; exit 1; }
echo "package contents, metadata and SourceLink: ok"
for sample in samples/*/; do
  for proj in "$sample"*.csproj; do
    dotnet build "$proj" -c Release -p:UsePackages=true -p:Version="$version" \
      -p:RestoreAdditionalProjectSources="$work/packages" -o "$work/samples/$(basename "$sample")" -v quiet -nologo
    echo "built $proj against the packages"
  done
done
# The tool is packed per platform: Native AOT for linux-x64 (the executable, and the managed build it starts for
# 'train'), and a portable package (IL only) for every other platform. Each must hold the tool; here the install must
# pick the linux-x64 one.
for f in tools/any/linux-x64/rhetoric tools/any/linux-x64/managed/rhetoric.dll; do
  grep -qx "$f" "$work/RhetoricClassifier.Cli.linux-x64.$version.nupkg.files" || { echo "RhetoricClassifier.Cli.linux-x64 has no $f" >&2; exit 1; }
done
grep -qx "tools/net10.0/any/rhetoric.dll" "$work/RhetoricClassifier.Cli.any.$version.nupkg.files" \
  || { echo "RhetoricClassifier.Cli.any has no rhetoric.dll" >&2; exit 1; }
dotnet tool install --tool-path "$work/tool" RhetoricClassifier.Cli --version "$version" --add-source "$work/packages" >/dev/null
ls -d "$work"/tool/.store/rhetoricclassifier.cli/"$version"/rhetoricclassifier.cli.linux-x64 >/dev/null \
  || { echo "the installed tool is not the linux-x64 package" >&2; ls -R "$work/tool/.store" | head >&2; exit 1; }
"$work/tool/rhetoric" score examples/ --summary --format csv
ls "$work"/tool/.store/rhetoricclassifier.cli/"$version"/rhetoricclassifier.cli.linux-x64/*/tools/any/linux-x64/managed/rhetoric.dll >/dev/null \
  || { echo "the installed tool is not the Native AOT build with its managed companion" >&2; exit 1; }
"$work/tool/rhetoric" bench --seconds 1 >/dev/null
# Training and evaluating load the most of ML.NET: they must work with what the tool package left out.
"$work/tool/rhetoric" train --data tests/RhetoricClassifier.Tests/Fixtures/small.jsonl -o "$work/small.zip" --folds 2 --trees 5 -q >/dev/null
"$work/tool/rhetoric" eval --data tests/RhetoricClassifier.Tests/Fixtures/small.jsonl -m "$work/small.zip" -f json >/dev/null
echo "installed tool ran (score, bench with its shipped sample, train through its managed build, and eval): ok"
# The installed tool is the Native AOT build: every hostile-input case through it as well (scripts/hostile.sh runs
# them through the managed build).
RHETORIC_EXE="$work/tool/rhetoric" bash scripts/hostile.sh
