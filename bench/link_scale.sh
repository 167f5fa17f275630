#!/usr/bin/env bash
# `clearpoint link` end to end: a scenario is simulated at each scale and imported, then linked from the
# store to stored persons. Prints import and link wall time, link peak RSS, persons found against the
# truth and pairwise F1. The five-agency scenario (data/scenarios/five-agencies-serbia.toml) writes about
# 26,000 records per unit of scale, 38 giving about a million; western-balkans.toml about 19,000 in 11
# lists. usage: link_scale.sh path/to/clearpoint scenario.toml [scale ...]
set -euo pipefail
bin=$1
scenario=$2
shift 2
scales=("${@:-1}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-6s %9s %9s %11s %12s %12s %9s %9s\n' scale records "import s" "link s" "peak RSS MB" persons truth F1
for scale in "${scales[@]}"; do
  db="$work/db.sqlite"
  "$bin" --db "$db" init >/dev/null
  "$bin" simulate --scenario "$scenario" --seed 1 --scale "$scale" \
    --out "$work/sim" >/dev/null
  start=$(date +%s.%N)
  tail -n +2 "$work/sim/manifest.csv" | while IFS=, read -r file mapping agency list records persons; do
    "$bin" --db "$db" import "$work/sim/$file" --agency "$agency" --list "$list" \
      --mapping "$work/sim/$mapping" >/dev/null
  done
  imported=$(echo "$(date +%s.%N) - $start" | bc -l)
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --db "$db" link >"$work/link"
  read -r secs kib <"$work/time"
  "$bin" --db "$db" link eval --truth "$work/sim/truth.csv" >"$work/eval"
  records=$(sed -n '1s/^\([0-9]*\) records.*/\1/p' "$work/link")
  found=$(awk '/^persons found/ {print $3}' "$work/eval")
  truth=$(awk '/^true persons/ {print $3}' "$work/eval")
  f1=$(awk '/^pairwise F1/ {print $3}' "$work/eval")
  printf '%-6s %9s %9.1f %11.2f %12.1f %12s %9s %9s\n' "$scale" "$records" "$imported" "$secs" \
    "$(echo "$kib / 1024" | bc -l)" "$found" "$truth" "$f1"
  rm -rf "$work/sim" "$db" "$db-wal" "$db-shm"
done
