#!/usr/bin/env bash
# Regenerates docs/report-demo.png: runs ./eaadam demo into a scratch folder (about ten minutes on 2 cores)
# and renders its run report with headless Chromium (apt-get install chromium), offline, as the README shows it.
#   tools/report-demo/render.sh [RUN_DIR]        (default: target/report-demo)
set -euo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run=$(realpath -m "${1:-$home/target/report-demo}")
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || {
  echo "render.sh: needs chromium (apt-get install chromium)" >&2
  exit 1
}
"$home/eaadam" demo -Drun.dir="$run"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars --window-size=1300,2400 \
  --screenshot="$home/docs/report-demo.png" "file://$run/population/report.html"
echo "render.sh: wrote docs/report-demo.png from $run/population/report.html"
