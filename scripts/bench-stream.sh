#!/usr/bin/env bash
# Times the whole binary and its peak memory on generated deployment material, each beside
# its floor (SPEC: a runtime input is read as a stream):
#   - a `kubectl get pods,deploy -A -o json` dump of PODS pods (default 20,000, ~150 MB),
#     beside one serde_json pass that builds nothing (examples/json_floor.rs);
#   - the same resources as a YAML stream of documents, beside the YAML parser draining its
#     events (examples/events_only.rs);
#   - a Compose file of 100,000 services, checked at 10,000, 40,000 and 100,000 to show it
#     is linear.
# Each command runs RUNS times (default 5); the best and the median wall time are printed,
# with the peak resident memory of the last run (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
pods=${PODS:-20000}
cargo build --release --quiet
cargo build --release --quiet --example cluster_dump --example json_floor --example events_only
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/cluster_dump "$pods" json > "$dir/dump.json"
target/release/examples/cluster_dump "$pods" yaml > "$dir/dump.yaml"
for n in 10000 40000 100000; do
  python3 - "$n" > "$dir/compose-$n.yaml" <<'PY'
import sys
n = int(sys.argv[1])
print("services:")
for i in range(n):
    print(f"  svc-{i}:\n    image: registry.example.com/svc:{i}\n    labels:\n      profile-check.module: core-webinar-event")
PY
done
bin=target/release/profile-check
# Best and median of RUNS wall times in seconds, and the peak KiB of the last run.
measure() {
  local times=() rss
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$dir/time" "$@" > /dev/null 2>&1 || true
    read -r t rss < <(tail -1 "$dir/time")
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v rss="$rss" \
    '{a[NR]=$1} END {printf "%8.2f %8.2f %10d", a[1], a[int((NR+1)/2)], rss}'
}
printf '%-28s %10s %8s %8s %10s\n' input bytes best_s median_s peak_KiB
row() { printf '%-28s %10s %s\n' "$1" "$(stat -c %s "$2")" "$(measure "${@:3}")"; }
row "dump.json: gate" "$dir/dump.json" $bin -q --no-config profiles/prod.yaml --runtime "kubernetes:$dir/dump.json"
row "dump.json: serde IgnoredAny" "$dir/dump.json" target/release/examples/json_floor "$dir/dump.json"
row "dump.yaml: gate" "$dir/dump.yaml" $bin -q --no-config profiles/prod.yaml --runtime "kubernetes:$dir/dump.yaml"
row "dump.yaml: parser events" "$dir/dump.yaml" target/release/examples/events_only "$dir/dump.yaml"
for n in 10000 40000 100000; do
  row "compose $n: gate" "$dir/compose-$n.yaml" $bin -q --no-config profiles/prod.yaml --runtime "compose:$dir/compose-$n.yaml"
done
