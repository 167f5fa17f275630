#!/usr/bin/env bash
# Browser tests of `clearpoint serve` in Debian's headless Chromium (driven by playwright-core from npm):
# a submitter uploads a batch with errors, sees them located, fixes it and sees only the own agency; an
# analyst decides a review pair; a reader opens the dashboard of a release. Screenshots are kept in
# ARTIFACTS (default build/browser-artifacts).
# usage: tests/browser/run.sh path/to/clearpoint [artifacts folder]
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
artifacts=$(realpath -m "${2:-$root/build/browser-artifacts}")
mkdir -p "$artifacts"
work=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
examples=$root/data/examples

cd "$here"
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent

db=$work/browser.db
"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" import "$examples/police.csv" --agency MUP-RS --list victims --mapping "$examples/police.mapping.toml" >/dev/null
"$bin" --db "$db" import "$examples/shelter.csv" --agency SHELTER-RS --list residents --mapping "$examples/shelter.mapping.toml" >/dev/null
"$bin" --db "$db" import "$examples/iom.jsonl" --agency IOM-RS --list assisted >/dev/null
"$bin" --db "$db" link >/dev/null
"$bin" --db "$db" classify >/dev/null
"$bin" --db "$db" publish "$here/example-release.toml" --out "$work/release" >/dev/null
for account in "officer --role submitter --agency MUP-RS" "analyst --role analyst" "publisher --role publisher" \
  "reader --role reader"; do
  # shellcheck disable=SC2086
  echo "browser test password" | "$bin" --db "$db" users add $account >/dev/null
done

port=$((20000 + RANDOM % 20000))
"$bin" --db "$db" serve --dev --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  grep -q "serves" "$work/serve.log" 2>/dev/null && break
  sleep 0.1
done

BIN="$bin" DB="$db" CLEARPOINT_URL="https://localhost:$port" ARTIFACTS="$artifacts" PASSWORD="browser test password" \
  EXAMPLES="$examples" WORK="$work" node "$here/serve.test.mjs"
