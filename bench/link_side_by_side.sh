#!/usr/bin/env bash
# `clearpoint link` end to end on the Western Balkans scenario at scale 1 and 2 (about 19,000 and 38,000
# records in 11 lists): wall time on one core, peak RSS, persons found against the truth and pairwise F1.
# usage: link_side_by_side.sh path/to/clearpoint
set -euo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-8s %9s %10s %12s %12s %9s %9s\n' scale records seconds "peak RSS MB" persons truth F1
for scale in 1 2; do
  db="$work/db.sqlite"
  "$bin" --db "$db" init >/dev/null
  "$bin" simulate --scenario "$root/data/scenarios/western-balkans.toml" --seed 1 --scale "$scale" \
    --out "$work/sim" >/dev/null
  tail -n +2 "$work/sim/manifest.csv" | while IFS=, read -r file mapping agency list records persons; do
    "$bin" --db "$db" import "$work/sim/$file" --agency "$agency" --list "$list" \
      --mapping "$work/sim/$mapping" >/dev/null
  done
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --db "$db" link >"$work/link"
  read -r secs kib <"$work/time"
  "$bin" --db "$db" link eval --truth "$work/sim/truth.csv" >"$work/eval"
  records=$(sed -n '1s/^\([0-9]*\) records.*/\1/p' "$work/link")
  found=$(awk '/^persons found/ {print $3}' "$work/eval")
  truth=$(awk '/^true persons/ {print $3}' "$work/eval")
  f1=$(awk '/^pairwise F1/ {print $3}' "$work/eval")
  printf '%-8s %9s %10.2f %12.1f %12s %9s %9s\n' "$scale" "$records" "$secs" "$(echo "$kib / 1024" | bc -l)" \
    "$found" "$truth" "$f1"
  rm -rf "$work/sim" "$db" "$db-wal" "$db-shm"
done
