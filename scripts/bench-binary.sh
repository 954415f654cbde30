#!/usr/bin/env bash
# Times the whole binary (process start to exit) and its peak memory on the shipped
# profile and on synthetic profiles of 1,000, 10,000 and 40,000 modules with every optional
# field filled, each beside the floor measured in the same hyperfine run: the YAML parser
# alone draining the file's events (examples/events_only.rs), and for the shipped profile
# also `cat FILE > /dev/null`.
# Needs hyperfine (`apt-get install hyperfine`) for the timings; /usr/bin/time for memory.
# RUNS=… sets the number of timed runs (default 20, after 3 warm-ups).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
cargo build --release --quiet
cargo build --release --quiet --example synthetic --example events_only
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp profiles/prod.yaml "$dir/16.yaml"
for n in 1000 10000 40000; do
  target/release/examples/synthetic "$n" full > "$dir/$n.yaml"
done
# A failing profile: 30,000 dev modules, 30,000 findings, each with its snippet.
target/release/examples/synthetic 30000 | sed 's/role: [a-z]*/role: dev/' > "$dir/30000-failing.yaml"
bin=target/release/profile-check
floor=target/release/examples/events_only
peak() { ( /usr/bin/time -f '%M' "$@" > /dev/null 2> "$dir/rss" || true; tail -1 "$dir/rss" ); }
# Wall-clock means, and CPU time (user + system) means, which another process's load on a
# shared machine disturbs less.
printf '%-14s %10s %10s %10s %7s %9s %9s %7s %10s %10s %9s %9s\n' \
  modules bytes binary_ms floor_ms ratio bin_cpu floor_cpu cpu_rt cat_ms cat_ratio \
  bin_KiB floor_KiB
for n in 16 1000 10000 40000 30000-failing; do
  file="$dir/$n.yaml"
  json="$dir/$n.json"
  commands=("$bin -q $file" "$floor $file")
  if [ "$n" = 16 ]; then
    # `cat` through a shell would time the shell too: hyperfine -N runs it directly.
    commands+=("cat $file")
  fi
  # -i: the failing profile exits 1 on purpose.
  hyperfine --style none --warmup 3 --runs "$runs" -i -N --export-json "$json" \
    "${commands[@]}" > /dev/null 2>&1
  read -r mean floor_mean cat_mean bin_cpu floor_cpu < <(python3 - "$json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
means = [r["mean"] * 1000 for r in results] + [0.0]
cpu = [(r["user"] + r["system"]) * 1000 for r in results]
print(" ".join("%.2f" % m for m in means[:3] + cpu[:2]))
EOF
  )
  cpu_ratio=$(python3 -c "print('%.2f' % ($bin_cpu / $floor_cpu))")
  ratio=$(python3 -c "print('%.2f' % ($mean / $floor_mean))")
  if [ "$n" = 16 ]; then
    cat_ratio=$(python3 -c "print('%.2f' % ($mean / $cat_mean))")
  else
    cat_mean=- cat_ratio=-
  fi
  printf '%-14s %10s %10s %10s %7s %9s %9s %7s %10s %10s %9s %9s\n' "$n" \
    "$(stat -c %s "$file")" "$mean" "$floor_mean" "$ratio" "$bin_cpu" "$floor_cpu" \
    "$cpu_ratio" "$cat_mean" "$cat_ratio" "$(peak "$bin" -q "$file")" "$(peak "$floor" "$file")"
done
