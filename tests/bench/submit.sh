#!/usr/bin/env bash
# Load test of story submissions (BENCHMARKS.md): `vertelpunt serve` on a fresh SQLite database,
# wrk posting complete stories from a second process, then the stored stories counted.
#   bash tests/bench/submit.sh [SECONDS] [CONNECTIONS]
# Needs: a release build (cargo build --release -p vertelpunt), wrk and sqlite3 (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
connections=${2:-32}
dir=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
export VERTELPUNT_DATABASE="$dir/bench.db" VERTELPUNT_BIND=127.0.0.1:8181 VERTELPUNT_LOG=warn
# The benchmark client is one address: the per-client limit would (rightly) stop it.
export VERTELPUNT_SUBMISSIONS_PER_HOUR=0
target/release/vertelpunt serve > "$dir/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:8181/healthz >/dev/null && break; sleep 0.2; done
python3 tests/bench/make_bodies.py "$dir/bench.db" $((seconds * 6000)) "$dir/bodies.txt"
BODIES="$dir/bodies.txt" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s tests/bench/submit.lua \
  http://127.0.0.1:8181 | tee "$dir/wrk.txt"
stored=$(sqlite3 "$dir/bench.db" "select count(*) from stories where source = 'vertelpunt'")
acknowledged=$(awk '/^acknowledged/ {print $2}' "$dir/wrk.txt")
echo "stored $stored stories; acknowledged $acknowledged"
if [ "$stored" -lt "$acknowledged" ]; then echo "MISSING: $((acknowledged - stored)) acknowledged stories are not stored"; exit 1; fi
