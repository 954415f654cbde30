#!/usr/bin/env bash
# Times the whole binary (process start to exit) and its peak memory on the shipped
# profile and on synthetic profiles of 1,000, 10,000 and 40,000 modules.
# Needs hyperfine (`apt-get install hyperfine`) for the timings; /usr/bin/time for memory.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example synthetic
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp profiles/prod.yaml "$dir/16.yaml"
for n in 1000 10000 40000; do
  target/release/examples/synthetic "$n" > "$dir/$n.yaml"
done
# A failing profile: 30,000 dev modules, 30,000 findings, each with its snippet.
target/release/examples/synthetic 30000 | sed 's/role: [a-z]*/role: dev/' > "$dir/30000-failing.yaml"
bin=target/release/profile-check
printf '%-8s %10s %12s %14s\n' modules bytes mean_ms peak_rss_kib
for n in 16 1000 10000 40000 30000-failing; do
  file="$dir/$n.yaml"
  json="$dir/$n.json"
  # -i: the failing profile exits 1 on purpose.
  hyperfine --style none --warmup 3 --runs 20 -i --export-json "$json" -N "$bin -q $file" > /dev/null 2>&1
  mean=$(python3 -c "import json,sys; print('%.2f' % (json.load(open(sys.argv[1]))['results'][0]['mean']*1000))" "$json")
  rss=$( { /usr/bin/time -f '%M' "$bin" -q "$file" > /dev/null || true; } 2>&1 | tail -1)
  printf '%-8s %10s %12s %14s\n' "$n" "$(stat -c %s "$file")" "$mean" "$rss"
done
