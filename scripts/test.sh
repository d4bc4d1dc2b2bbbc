#!/usr/bin/env bash
# The README's test command: the HTML report tests open the report in real headless Chromium, so install
# Debian's chromium and chromium-driver first when they are missing (apt-get; needs root or sudo), then
# run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "scripts/test.sh: installing chromium and chromium-driver for the browser tests" >&2
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
fi
dotnet test RhetoricClassifier.sln "$@"
