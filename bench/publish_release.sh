#!/usr/bin/env bash
# `clearpoint publish` end to end on the simulated region (the demo's seed): simulate, import, link, then
# publish data/releases/western-balkans.toml without its estimate (the estimate's cost is `estimate`'s,
# measured in docs/estimation.md) and audit it from the files alone. Prints the release's cells and
# microcells, what was withheld, the LPs solved and the wall time of protecting and of auditing.
# usage: publish_release.sh path/to/clearpoint [release.toml]
set -euo pipefail
bin=$1
release=${2:-data/releases/western-balkans.toml}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/db.sqlite"
"$bin" --db "$db" init >/dev/null
"$bin" simulate --scenario data/scenarios/western-balkans.toml --seed 2026 --out "$work/sim" >/dev/null
tail -n +2 "$work/sim/manifest.csv" | while IFS=, read -r file mapping agency list records persons; do
  "$bin" --db "$db" import "$work/sim/$file" --agency "$agency" --list "$list" \
    --mapping "$work/sim/$mapping" >/dev/null
done
"$bin" --db "$db" link >/dev/null
grep -v '^estimate = ' "$release" >"$work/release.toml"
cp "$db" "$work/rounding.sqlite"  # the same data, with no release kept yet
# The same tables by controlled rounding instead (no frameworks or HTCDS rows: exact counts beside rounded
# ones are refused).
grep -v '^estimate = \|^frameworks = \|^\[htcds\]\|^k = ' "$release" |
  sed 's/^zeros = .*/&\nmethod = "rounding"/' >"$work/rounding.toml"
start=$(date +%s.%N)
"$bin" --db "$db" publish "$work/release.toml" --out "$work/out" >"$work/publish"
published=$(echo "$(date +%s.%N) - $start" | bc -l)
start=$(date +%s.%N)
"$bin" release audit "$work/out" >"$work/audit"
audited=$(echo "$(date +%s.%N) - $start" | bc -l)
sed -n '1,5p' "$work/publish"
grep 'HTCDS rows' "$work/publish" || true
tail -n 1 "$work/audit"
printf 'publish (count, protect, write tables, workbook and report): %.2f s; audit from the files: %.2f s\n' \
  "$published" "$audited"
start=$(date +%s.%N)
"$bin" --db "$work/rounding.sqlite" publish "$work/rounding.toml" --out "$work/rounded" >"$work/rounding" 2>&1 ||
  true
rounded=$(echo "$(date +%s.%N) - $start" | bc -l)
sed -n '3,4p;/^error/p' "$work/rounding"
printf 'controlled rounding instead (round, audit, write): %.2f s\n' "$rounded"
