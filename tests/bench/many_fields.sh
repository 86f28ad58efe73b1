#!/usr/bin/env bash
# Hostile forms (BENCHMARKS.md, issue 17): `vertelpunt serve` on a fresh SQLite database, then
# one POST to the story form with 200,000 distinct answer fields and one JSON story with 180,000
# answer keys, each timed with the size of the answer; then two such forms at once while
# /healthz is asked, to see whether the server stays responsive.
#   bash tests/bench/many_fields.sh [BINARY]   (default target/release/vertelpunt)
# Needs: curl and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${1:-target/release/vertelpunt}
dir=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
export VERTELPUNT_DATABASE="$dir/bench.db" VERTELPUNT_BIND=127.0.0.1:8182 VERTELPUNT_LOG=warn
export VERTELPUNT_SUBMISSIONS_PER_HOUR=0 VERTELPUNT_WORKERS=2
"$binary" serve > "$dir/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8182/healthz >/dev/null && break; sleep 0.2; done
python3 - "$dir" <<'PY'
import json, re, sys, urllib.request
d = sys.argv[1]
# A real form first: its token and story id, so the body reaches the checks as a teller's would.
page = urllib.request.urlopen("http://127.0.0.1:8182/v/jeugdhulp/vertel?rol=ouder").read().decode()
field = lambda name: re.search(f'name="{name}" value="([^"]*)"', page).group(1)
body = f"rol=ouder&lang=nl&id={field('id')}&token={field('token')}&website=&verhaal=Hallo"
body += "".join(f"&q.{n:x}=" for n in range(200_000))
open(f"{d}/form.txt", "w").write(body)
answers = {f"x{n}": 1 for n in range(180_000)}
story = {"role": "ouder", "story": "Hallo", "answers": answers}
open(f"{d}/story.json", "w").write(json.dumps(story, separators=(",", ":")))
PY
url=http://127.0.0.1:8182
fmt='%{http_code} %{size_download} bytes in %{time_total} s\n'
printf 'form, 200,000 fields (%s bytes): ' "$(stat -c %s "$dir/form.txt")"
curl -s -o /dev/null -w "$fmt" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-binary @"$dir/form.txt" "$url/v/jeugdhulp/vertel"
printf 'API, 180,000 answer keys (%s bytes): ' "$(stat -c %s "$dir/story.json")"
curl -s -o /dev/null -w "$fmt" -H 'Content-Type: application/json' \
  --data-binary @"$dir/story.json" "$url/api/v1/collection-points/jeugdhulp/stories"
pids=()
for _ in 1 2; do
  curl -s -o /dev/null -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary @"$dir/form.txt" "$url/v/jeugdhulp/vertel" &
  pids+=($!)
done
sleep 0.05
printf '/healthz during two such forms: '
curl -s -o /dev/null -w '%{http_code} in %{time_total} s\n' "$url/healthz"
wait "${pids[@]}"
