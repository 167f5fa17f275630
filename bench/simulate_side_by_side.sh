#!/usr/bin/env bash
# `clearpoint simulate` at about 100,000 and 1,000,000 persons (the default scenario has about 38,000 at
# scale 1): wall time on one core and peak RSS. Streaming keeps memory flat as the population grows.
# usage: simulate_side_by_side.sh path/to/clearpoint
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-10s %10s %12s %12s %12s\n' persons seconds persons/s records "peak RSS MB"
for scale in 2.63 26.3; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" simulate --seed 1 --scale "$scale" --out "$work/out" >"$work/summary"
  read -r secs kib <"$work/time"
  persons=$(sed -n '1s/.*: \([0-9]*\) persons.*/\1/p' "$work/summary")
  records=$(sed -n '1s/.*, \([0-9]*\) records$/\1/p' "$work/summary")
  printf '%-10s %10.2f %12.0f %12s %12.1f\n' "$persons" "$secs" "$(echo "$persons / $secs" | bc -l)" "$records" \
    "$(echo "$kib / 1024" | bc -l)"
  rm -rf "$work/out"
done
