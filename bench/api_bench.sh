#!/usr/bin/env bash
# Load test of the licensing API with wrk: throughput and p50/p99 latency at
# 64 connections for POST /api/v1/screen (one structure), POST
# /api/v1/applications (draft) and POST /api/v1/applications/{id}/submit
# (screens every item twice and commits durably).
#
#   bench/api_bench.sh [--database URL] [DURATION]
#       (default 15s; needs wrk and a built build/precursor)
#
# --database postgresql://...: the service on that PostgreSQL database (it
# should be empty: the demo users are created in it) instead of a new
# SQLite file.
#
# Environment: PRECURSOR_BIN (default build/precursor), PORT (default 18090),
# CONNECTIONS (64), THREADS (2, wrk threads), SCREEN_CACHE (verdict cache
# entries, default 16384; 0 screens every request afresh), REQUESTS (which
# runs, default "screen draft submit"; submit needs draft's drafts).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${PRECURSOR_BIN:-build/precursor}
PORT=${PORT:-18090}
DATABASE=()
if [ "${1:-}" = "--database" ]; then
  [ -n "${2:-}" ] || { echo "--database needs a postgresql:// URL" >&2; exit 2; }
  DATABASE=(--database "$2")
  shift 2
fi
DURATION=${1:-15s}  # in seconds, "15s"
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
REQUESTS=${REQUESTS:-screen draft submit}
want() { [[ " $REQUESTS " == *" $1 "* ]]; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk, or scripts/setup.sh)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "$BIN not built (scripts/setup.sh)" >&2; exit 2; }

WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" serve --demo --port "$PORT" --data "$WORK/data" "${DATABASE[@]}" --threads $((CONNECTIONS + 8)) \
  --screen-cache "${SCREEN_CACHE:-16384}" >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 600); do grep -q listening "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT"
TOKEN=$(curl -sf -X POST "$URL/api/v1/login" -H 'Content-Type: application/json' \
  -d '{"username":"exporter","password":"exporter-demo"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') ||
  { echo "cannot sign in to the server it started:" >&2; cat "$WORK/server.err" >&2; exit 1; }

DRAFT='{"importer":{"name":"Rheinland Pharma GmbH","country":"DE","address":"Industriestr. 1, Koeln","registration_number":"HRB 12345"},"destination":"DE","end_use":"manufacture of licensed analgesics","planned_shipment_date":"2099-01-15","items":[{"substance":"C1CN(CCC1Nc1ccccc1)CCc1ccccc1","quantity":5,"unit":"kg","hs_code":"2933.36"}]}'

cat >"$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
LUA

# Submission needs a fresh draft per request: ids are handed out round-robin
# over the wrk threads from the list of drafts made in the previous run.
cat >"$WORK/submit.lua" <<LUA
local ids = {}
for line in io.lines("$WORK/drafts.txt") do ids[#ids + 1] = line end
local counter = 0
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter)
  thread:set("stride", $THREADS)
end
local i = 0
function request()
  local id = ids[offset + i * stride]
  i = i + 1
  if id == nil then id = "0" end
  return wrk.format("POST", "/api/v1/applications/" .. id .. "/submit",
    {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/json"}, "")
end
LUA

run() {  # name, path, lua, [BODY]
  local name=$1 path=$2 lua=$3 out
  out="$WORK/$(echo "$name" | tr -c 'A-Za-z0-9' '_').txt"
  BODY=${4:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$lua" "$URL$path" >"$out"
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1=="50%" {print $2}' "$out")
  p99=$(awk '$1=="99%" {print $2}' "$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$out")
  printf '| %-34s | %9s | %8s | %8s | %6s |\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency; ${DATABASE[1]:+PostgreSQL; }$(nproc) cores; verdict cache ${SCREEN_CACHE:-16384}; load average $(cut -d' ' -f1 /proc/loadavg) at start; $(date -u +%Y-%m-%d)"
echo "| request                            |     req/s |      p50 |      p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
want screen && run "POST /api/v1/screen (one SMILES)" /api/v1/screen "$WORK/post.lua" \
  '{"input":"C1CN(CCC1Nc1ccccc1)CCc1ccccc1"}'
if want draft; then
  # Twice as long as the others, so that the submission run cannot run out of drafts.
  DURATION_SAVED=$DURATION; DURATION="$(( ${DURATION%s} * 2 ))s"
  run "POST /api/v1/applications (draft)" /api/v1/applications "$WORK/post.lua" "$DRAFT"
  DURATION=$DURATION_SAVED
fi
if want submit; then
  # Every page of the list (100 by default, 1000 at most per page).
  python3 - "$URL" "$TOKEN" >"$WORK/drafts.txt" <<'PY'
import json, sys, urllib.request
url, token, path = sys.argv[1], sys.argv[2], "/api/v1/applications?status=draft&limit=1000"
while path:
    request = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token})
    page = json.load(urllib.request.urlopen(request, timeout=300))
    print("\n".join(str(a["id"]) for a in page["applications"]))
    path = page["next"]
PY
  run "POST /api/v1/applications/{id}/submit" /api/v1/applications/0/submit "$WORK/submit.lua"
  echo "drafts available for submission: $(wc -l <"$WORK/drafts.txt")" >&2
fi
