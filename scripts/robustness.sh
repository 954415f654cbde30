#!/usr/bin/env bash
# Measures the hostile inputs of the book's "Robustness and speed" (docs/src/robustness.md)
# on a release build: wall time and peak memory (maximum resident set size,
# /usr/bin/time -v), exit code and report size.
# SPEC §7: every input ends within a second and 50 MiB. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example synthetic
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
head='profile: PROD
product: W
document:
  status: PROCESS
  owner: A
  last_updated: 2026-01-28
contours:
  live: enabled
  auto: disabled'
seq 0 49999 | sed 's/^/k/; s/$/: 1/' > "$dir/keys-50k.yaml"
seq 0 198999 | sed 's/^/k/; s/$/: 1/' > "$dir/keys-199k.yaml"
{ echo "$head"; echo "modules:"
  seq 0 27999 | sed 's/.*/  - {id: m-&, name: M&, role: backend, status: required}/'
  echo "dev_only: []"; echo "analytics_only: []"; } > "$dir/bad-roles-28k.yaml"
{ echo "$head"; echo "modules:"; echo "  - {id: core, name: Core, role: core, status: required}"
  echo "dev_only: []"; echo "analytics_only:"; seq 0 99999 | sed 's/^/  - x-/'; } > "$dir/unknown-ids-100k.yaml"
{ echo "$head"; echo "modules:"; echo "  - {id: core, name: Core, role: core, status: required}"
  echo "dev_only: []"; echo "analytics_only:"; seq 0 39999 | sed 's/^/  - x-/'; } > "$dir/unknown-ids-40k.yaml"
target/release/examples/synthetic 18000 > "$dir/valid-1.5mb.yaml"
bin=target/release/profile-check
measure() { # label, format, files...
  local label=$1 format=$2; shift 2
  local out="$dir/out" err="$dir/err" tv="$dir/time"
  local code=0
  /usr/bin/time -v -o "$tv" "$bin" --format "$format" "$@" > "$out" 2> "$err" || code=$?
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tv")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")
  printf '| %s | %s | %s | %s | %s MiB | %s |\n' "$label" "$format" "$code" "$secs" \
    "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$(($(stat -c %s "$out") + $(stat -c %s "$err")))"
}
echo '| input | format | exit | wall time (m:ss) | peak memory | report bytes (stdout + stderr) |'
echo '| --- | --- | ---: | ---: | ---: | ---: |'
for f in keys-50k keys-199k bad-roles-28k unknown-ids-40k unknown-ids-100k; do
  for format in text sarif; do
    measure "$f ($(stat -c %s "$dir/$f.yaml") B)" "$format" "$dir/$f.yaml"
  done
done
twenty=()
for _ in $(seq 20); do twenty+=("$dir/valid-1.5mb.yaml"); done
measure "valid-1.5mb × 1" text "$dir/valid-1.5mb.yaml"
measure "valid-1.5mb × 20" text "${twenty[@]}"
measure "valid-1.5mb × 20" json "${twenty[@]}"
