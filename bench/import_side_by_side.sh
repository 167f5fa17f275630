#!/usr/bin/env bash
# Import throughput and peak memory through the CLI, side by side with the sqlite3 shell's plain
# `.import` of the same file (no parsing of values, no checks, no index: the floor for SQLite).
# Two sizes, so that memory growth with file size shows: streaming keeps peak RSS flat. Each size is also
# imported into an encrypted store, for the cost of encryption at rest.
# usage: import_side_by_side.sh path/to/clearpoint [rows_small rows_large]
set -euo pipefail
bin=$1
small=${2:-100000}
large=${3:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here=$(cd "$(dirname "$0")" && pwd)

measure() {  # prints "seconds peak_kib"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  cat "$work/time"
}

printf '%-10s %-26s %10s %12s %12s\n' rows tool seconds records/s "peak RSS MB"
for rows in "$small" "$large"; do
  csv=$work/batch-$rows.csv
  python3 "$here/make_import_csv.py" "$rows" "$csv" "$bin"
  rm -f "$work"/c.db*
  "$bin" --db "$work/c.db" init >/dev/null
  read -r secs kib < <(measure "$bin" --db "$work/c.db" import "$csv")
  printf '%-10s %-26s %10.2f %12.0f %12.1f\n' "$rows" "clearpoint import" "$secs" "$(echo "$rows / $secs" | bc -l)" \
    "$(echo "$kib / 1024" | bc -l)"
  clear_secs=$secs
  # The same batch into an encrypted store (docs/security.md): the cost of sealing the identifying fields.
  rm -f "$work"/e.db* "$work/e.key"
  "$bin" --db "$work/e.db" init --encrypt --new-key-file "$work/e.key" >/dev/null
  read -r secs kib < <(measure "$bin" --db "$work/e.db" --key-file "$work/e.key" import "$csv")
  printf '%-10s %-26s %10.2f %12.0f %12.1f\n' "$rows" "clearpoint import, encrypted" "$secs" \
    "$(echo "$rows / $secs" | bc -l)" "$(echo "$kib / 1024" | bc -l)"
  printf '%-10s %-26s %10.2f\n' "$rows" "ratio encrypted/plain" "$(echo "$secs / $clear_secs" | bc -l)"
  rm -f "$work"/s.db*
  read -r secs kib < <(measure sqlite3 "$work/s.db" ".mode csv" ".import $csv records")
  printf '%-10s %-26s %10.2f %12.0f %12.1f\n' "$rows" "sqlite3 .import (no checks)" "$secs" \
    "$(echo "$rows / $secs" | bc -l)" "$(echo "$kib / 1024" | bc -l)"
  printf '%-10s %-26s %10.2f\n' "$rows" "ratio clearpoint/sqlite3" "$(echo "$clear_secs / $secs" | bc -l)"
done
