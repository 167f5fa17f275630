#!/usr/bin/env bash
# `clearpoint serve` under load and under kill -9 (issue 18).
# 1. clearpoint_serve_load: 50 submitters upload a 1,000-record batch each at once over HTTPS on loopback,
#    then send them all again: p50/p95 latency, throughput, 0 lost, 0 duplicated, the store's check.
# 2. kill -9 of the server while 8 uploads of 5,000 records are in flight, at random moments: after each
#    kill `clearpoint audit verify` passes (every batch whole or absent, the audit chain intact); the server
#    restarted, every upload sent again is stored exactly once.
# usage: serve_load.sh path/to/clearpoint path/to/clearpoint_serve_load [kill trials, default 10]
set -euo pipefail
bin=$1
load=$2
trials=${3:-10}
work=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
here=$(cd "$(dirname "$0")" && pwd)

"$load" 50 1000 8

python3 "$here/make_import_csv.py" 5000 "$work/base.csv" "$bin"
cut -d, -f3- "$work/base.csv" >"$work/body.csv"  # without the agency and list columns: the account decides
db=$work/kill.db
"$bin" --db "$db" init >/dev/null
echo "kill test password" | "$bin" --db "$db" users add sender --role submitter --agency MUP-RS >/dev/null
token=$("$bin" --db "$db" users token sender 2>/dev/null)
port=$((20000 + RANDOM % 20000))

start_server() {
  "$bin" --db "$db" serve --dev --port "$port" >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do
    curl -sk "https://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the server did not start"; cat "$work/serve.log"; exit 1
}

upload() {  # n → the HTTP status
  curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    -F "file=@$work/batch-$1.csv;filename=batch-$1.csv;type=text/csv" -F list=victims \
    "https://127.0.0.1:$port/api/batches" || true
}

n=0
failures=0
printf '%-6s %8s %8s %10s %s\n' trial killed stored verify "kill after (s)"
for trial in $(seq "$trials"); do
  start_server
  first=$((n + 1))
  for _ in $(seq 8); do
    n=$((n + 1))
    sed "s/^R\\([0-9]*\\),/T${n}R\\1,/" "$work/body.csv" >"$work/batch-$n.csv"
  done
  senders=()
  for i in $(seq "$first" "$n"); do upload "$i" >"$work/status-$i" & senders+=($!); done
  delay=$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.1 + (r % 150) / 100 }')
  sleep "$delay"
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  wait "${senders[@]}"
  stored=$("$bin" --db "$db" batches list | grep -c " active " || true)
  if "$bin" --db "$db" audit verify >"$work/verify.log" 2>&1; then verdict=passed; else verdict=FAILED; failures=$((failures + 1)); cat "$work/verify.log"; fi
  printf '%-6s %8s %8s %10s %s\n' "$trial" yes "$stored" "$verdict" "$delay"
done

# Everything again, with the server left alone: each batch stored exactly once.
start_server
senders=()
for i in $(seq "$n"); do upload "$i" >"$work/status-$i" & senders+=($!); done
wait "${senders[@]}"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
stored=$("$bin" --db "$db" batches list | grep -c " active " || true)
echo "after resending all $n uploads: $stored batches stored (expected $n: none lost, none twice)"
[ "$stored" -eq "$n" ] || failures=$((failures + 1))
"$bin" --db "$db" audit verify | head -1
[ "$failures" -eq 0 ] || { echo "serve_load: $failures failures"; exit 1; }
