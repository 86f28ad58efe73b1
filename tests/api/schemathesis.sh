#!/usr/bin/env bash
# The JSON API against its own OpenAPI document, with schemathesis (from PyPI): every
# operation gets generated valid and invalid requests, and every response must match the
# document (status codes, content type, headers, body schema), never be a server error, and
# invalid requests must be refused.
#
#   bash tests/api/schemathesis.sh [path/to/vertelpunt]
#
# It starts `vertelpunt serve` on a fresh SQLite database in a temporary folder, with an
# analyst, an API token, some synthetic stories and a stored pattern evaluation, so that the
# staff endpoints answer with data too. One worker: schemathesis' generator parses Python
# sources with `ast`, which is not thread-safe on Python 3.11 ("AST constructor recursion depth
# mismatch" with two workers).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-${CARGO_TARGET_DIR:-target}/debug/vertelpunt}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
export VERTELPUNT_DATABASE="sqlite:$work/api.db"
# The suite sends thousands of stories from one address; the limit is tested elsewhere.
export VERTELPUNT_SUBMISSIONS_PER_HOUR=0
export VERTELPUNT_LOG=warn

"$bin" migrate >/dev/null
echo "een lang wachtwoord voor de api-test" | "$bin" create-user --role analyst --email api@example.nl >/dev/null
token="$("$bin" api-token create --email api@example.nl --name schemathesis 2>/dev/null)"
"$bin" seed-demo --stories 300 --seed 7 --quiet >/dev/null
"$bin" evaluate --collection jeugdhulp --include-synthetic --out "$work/run" --quiet >/dev/null

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
VERTELPUNT_BIND="127.0.0.1:$port" "$bin" serve >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

schemathesis run "http://127.0.0.1:$port/api/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection \
  --phases examples,coverage,fuzzing \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-100}" \
  --seed 1 \
  --workers 1 \
  --suppress-health-check all \
  --no-color
