#!/usr/bin/env bash
# Staff pages at scale (issue 24, BENCHMARKS.md): seeds STORIES demo stories into a fresh
# database, starts `vertelpunt serve` on it, times every staff page and the aggregates API
# (tests/bench/staff_pages.py), then measures story submissions while 4 clients load dashboards.
#   bash tests/bench/staff_load.sh sqlite [STORIES] [SECONDS]
#   bash tests/bench/staff_load.sh postgres [STORIES] [SECONDS]   # 127.0.0.1:5432, user postgres
# Needs: a release build (cargo build --release -p vertelpunt), python3, wrk, and for
# PostgreSQL psql/createdb.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
stories=${2:-100000}
seconds=${3:-20}
bin=target/release/vertelpunt
dir=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
if [ "$backend" = postgres ]; then
  name="vp_bench_$$"
  createdb -h 127.0.0.1 -U postgres "$name"
  trap 'kill $server 2>/dev/null || true; sleep 1; dropdb -h 127.0.0.1 -U postgres "$name" || true; rm -rf "$dir"' EXIT
  export VERTELPUNT_DATABASE="postgres://postgres@127.0.0.1:5432/$name"
else
  export VERTELPUNT_DATABASE="$dir/bench.db"
fi
export VERTELPUNT_BIND=127.0.0.1:8182 VERTELPUNT_LOG=warn VERTELPUNT_SUBMISSIONS_PER_HOUR=0
begun=$(date +%s.%N)
$bin seed-demo --stories "$stories" --quiet
echo "seeded $stories stories in $(echo "$(date +%s.%N) - $begun" | bc) s"
# A database in use has its statistics (autovacuum); a freshly seeded one gets them now.
if [ "$backend" = postgres ]; then psql "$VERTELPUNT_DATABASE" -qc ANALYZE; fi
printf 'een lang wachtwoord voor de bank\n' | $bin create-user --role analyst --email bench@example.nl
token=$($bin api-token create --email bench@example.nl --name bench 2>/dev/null)
$bin serve > "$dir/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8182/healthz >/dev/null && break; sleep 0.2; done
url=http://127.0.0.1:8182
python3 tests/bench/staff_pages.py $url bench@example.nl 'een lang wachtwoord voor de bank' "$token" 20
python3 tests/bench/make_bodies.py "$VERTELPUNT_DATABASE" $((seconds * 12000)) "$dir/all.txt"
awk 'NR % 2 == 1' "$dir/all.txt" > "$dir/alone.txt"
awk 'NR % 2 == 0' "$dir/all.txt" > "$dir/bodies.txt"
echo "submissions for ${seconds} s, alone:"
BODIES="$dir/alone.txt" wrk -t2 -c32 -d"${seconds}s" --latency -s tests/bench/submit.lua $url \
  | grep -E "Requests/sec|^ +(50|90|99|99.9)%|acknowledged"
echo "submissions for ${seconds} s while 4 clients load dashboards:"
python3 tests/bench/staff_pages.py $url bench@example.nl 'een lang wachtwoord voor de bank' "$token" --load "$seconds" &
loader=$!
BODIES="$dir/bodies.txt" wrk -t2 -c32 -d"${seconds}s" --latency -s tests/bench/submit.lua $url \
  | grep -E "Requests/sec|^ +(50|90|99|99.9)%|acknowledged"
wait $loader
