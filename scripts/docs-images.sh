#!/usr/bin/env bash
# Redraws the pictures the book shows (docs/src/reports.md), under docs/:
#   docs/prod-graph.svg     profile-check graph profiles/prod.yaml --format svg
#   docs/drifted-graph.svg  profile-check graph examples/drifted.yaml --format svg
#   docs/html-report.png    Chromium's screenshot of the HTML report of examples/drifted.yaml
# The SVGs are the tool's own deterministic output, and a test (tests/cli/graph.rs) fails
# when they are stale; the screenshot depends on the browser and its fonts, so it is
# only redrawn here. Needs Chromium (Debian package `chromium`) for the screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet
bin=target/debug/profile-check
"$bin" graph profiles/prod.yaml --format svg > docs/prod-graph.svg
"$bin" graph examples/drifted.yaml --format svg > docs/drifted-graph.svg

browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
  echo "no Chromium: docs/html-report.png left as it is" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Exit 1: the example fails the gate, which is what the screenshot shows. The page's time
# is the last commit's, so that redrawing it from the same commit gives the same page.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)} "$bin" -q examples/drifted.yaml --report html="$work/report.html" >/dev/null || [ $? -eq 1 ]
# Offline: no host name resolves, the browser's own services are off.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-default-apps --disable-extensions --no-pings --hide-scrollbars \
  "--host-resolver-rules=MAP * ~NOTFOUND" --user-data-dir="$work/profile" \
  --force-device-scale-factor=1 --window-size=1280,2700 \
  --screenshot="$PWD/docs/html-report.png" "file://$work/report.html" 2>/dev/null
echo "docs/prod-graph.svg, docs/drifted-graph.svg and docs/html-report.png redrawn"
