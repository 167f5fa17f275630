#!/usr/bin/env bash
# kill -9 at random moments of import, classify, link and rekey, then check the store: SQLite's integrity
# check, the audit chain and its triggers, every batch whole (`clearpoint audit verify`), and that the
# store still opens with its key and counts either the records before the command or those after it.
# The store is encrypted, so rekey (which rewrites every record and the chain) is tried too.
# usage: kill_consistency.sh path/to/clearpoint [trials per command, default 25]
set -euo pipefail
bin=$1
trials=${2:-25}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here=$(cd "$(dirname "$0")" && pwd)

python3 "$here/make_import_csv.py" 5000 "$work/a.csv" "$bin"
sed 's/MUP-RS,victims,R/SHELTER-RS,residents,S/' "$work/a.csv" >"$work/b.csv"
python3 "$here/make_import_csv.py" 40000 "$work/c.csv" "$bin"
sed -i 's/MUP-RS,victims,R/IOM-RS,assisted,I/' "$work/c.csv"
base=$work/base.db key=$work/base.key
"$bin" --db "$base" init --encrypt --new-key-file "$key" >/dev/null
"$bin" --db "$base" --key-file "$key" import "$work/a.csv" >/dev/null
"$bin" --db "$base" --key-file "$key" import "$work/b.csv" >/dev/null

records() { "$bin" --db "$1" --key-file "$2" stats | head -1 | awk '{print $1}'; }

# Replaces the calling (sub)shell with the command, so that its pid is clearpoint's own: kill -9 must hit
# clearpoint, not a shell that would leave it running.
run_command() {  # store key command
  local db=$1 k=$2 command=$3
  case "$command" in
    import) exec "$bin" --db "$db" --key-file "$k" import "$work/c.csv" ;;
    classify) exec "$bin" --db "$db" --key-file "$k" classify ;;
    link) exec "$bin" --db "$db" --key-file "$k" link ;;
    rekey) exec "$bin" --db "$db" --key-file "$k" rekey --new-key-file "$db.newkey" ;;
  esac
}

printf '%-9s %7s %7s %9s %8s %s\n' command trials killed completed failures "mean run (s)"
total_failures=0
for command in import classify link rekey; do
  # How long the command takes uninterrupted, so the kills fall inside it.
  cp "$base" "$work/t.db"; cp "$key" "$work/t.key"; rm -f "$work/t.db.newkey"
  start=$(date +%s.%N)
  (run_command "$work/t.db" "$work/t.key" "$command" >/dev/null 2>&1)
  span=$(echo "$(date +%s.%N) - $start" | bc -l)
  killed=0 completed=0 failures=0
  for trial in $(seq 1 "$trials"); do
    rm -f "$work"/t.db* ; cp "$base" "$work/t.db"; cp "$key" "$work/t.key"; chmod 600 "$work/t.key"
    before=$(records "$work/t.db" "$work/t.key")
    delay=$(echo "scale=3; $RANDOM / 32767 * $span * 1.1" | bc -l)
    run_command "$work/t.db" "$work/t.key" "$command" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); else completed=$((completed + 1)); fi
    wait "$pid" 2>/dev/null || true
    # After a rekey the new key opens the store if the rekey committed, the old key if it did not.
    usekey=$work/t.key
    if [ "$command" = rekey ] && [ -f "$work/t.db.newkey" ] &&
      "$bin" --db "$work/t.db" --key-file "$work/t.db.newkey" stats >/dev/null 2>&1; then
      usekey=$work/t.db.newkey
    fi
    if ! out=$("$bin" --db "$work/t.db" --key-file "$usekey" audit verify 2>&1); then
      failures=$((failures + 1))
      echo "trial $trial of $command (killed after ${delay}s): $out" >&2
      continue
    fi
    after=$(records "$work/t.db" "$usekey")
    if [ "$command" = import ] && [ "$after" != "$before" ] && [ "$after" != "$((before + 40000))" ]; then
      failures=$((failures + 1))
      echo "trial $trial of import: $after records (before $before): a partial batch" >&2
    elif [ "$command" != import ] && [ "$after" != "$before" ]; then
      failures=$((failures + 1))
      echo "trial $trial of $command: $after records (before $before)" >&2
    fi
  done
  total_failures=$((total_failures + failures))
  printf '%-9s %7d %7d %9d %8d %8.2f\n' "$command" "$trials" "$killed" "$completed" "$failures" "$span"
done
[ "$total_failures" -eq 0 ]
