#!/usr/bin/env bash
# Fuzz every service's OpenAPI with Schemathesis against a real embedded server.
# Usage: scripts/fuzz-api.sh [max-examples] [report-dir]
# Fails on any 5xx and on any response that breaks its own documented schema.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_EXAMPLES="${1:-5}"
REPORT_DIR="${2:-}"
BIN=.venv/bin
DATA_DIR="$(mktemp -d)"
PORT="$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export ECOECO_DATA_DIR="$DATA_DIR" ECOECO_PORT="$PORT" ECOECO_ENV=test ECOECO_LOG_LEVEL=WARNING
# Fuzzing sends thousands of requests from one address: lift per-IP and per-user limits.
export ECOECO_AUTH_LOGIN_LIMIT_PER_IP="100000/minute" ECOECO_AUTH_LOGIN_LIMIT_PER_IDENTITY="100000/minute"
export ECOECO_AUTH_REFRESH_LIMIT_PER_IP="100000/minute" ECOECO_AUTH_FAILURE_LIMIT_PER_IP="100000/minute"
export ECOECO_CHAT_RATE_PER_MINUTE=100000

$BIN/ecoeco serve > "$DATA_DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA_DIR"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
TOKEN="$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/dev/login" \
  -H 'content-type: application/json' -d '{"email": "fuzz@example.com"}' \
  | $BIN/python -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"

# Account erasure and logout end the fuzzer's own session, SSE streams never end on
# their own, and readiness is operational: their own tests cover them. (Schemathesis
# ANDs filters of different kinds, so this is one operation-id pattern.)
ARGS=(
  "http://127.0.0.1:$PORT/openapi.json"
  --checks not_a_server_error,response_schema_conformance
  --max-examples "$MAX_EXAMPLES"
  --phases examples,coverage,fuzzing
  --workers 1
  --header "Authorization: Bearer $TOKEN"
  --exclude-operation-id-regex '^(delete_me_.*|logout_.*|readyz_.*|.*_events_get)$'
  --suppress-health-check all
  --request-timeout 20
)
if [ -n "$REPORT_DIR" ]; then
  ARGS+=(--report junit --report-dir "$REPORT_DIR")
fi
status=0
$BIN/schemathesis run "${ARGS[@]}" || status=$?
if [ $status -ne 0 ]; then
  echo "fuzz: server log tail:" >&2
  tail -40 "$DATA_DIR/server.log" >&2
fi
exit $status
