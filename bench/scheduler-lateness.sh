#!/usr/bin/env bash
# Trigger lateness (actual start minus due time) of a 1-second interval job, p50/p99/max, for
# Bourse's scheduler and for APScheduler 3.x side by side: same machine, same time window, while
# wrk drives POST /trading/orders (bench/orders.lua) against the Bourse server (issue #6).
#
# Usage: bench/scheduler-lateness.sh [seconds] [connections]
#   seconds      length of the loaded window (default 600); at most 840, because wrk's bearer
#                token is an access token and those live 15 minutes
#   connections  wrk connections (default 8), one wrk thread
# Environment: SKIP_BUILD=1 uses the existing .build/release/bourse instead of building it;
#   WARMUP=5 seconds excluded at the start of the window, for both schedulers alike;
#   KEEP_DATA=1 keeps the data folder (database, logs, APScheduler CSV) instead of removing it.
#
# Bourse's figures come from its own run history (scheduler_runs: due_at, started_at), read with
# sqlite3 after the server stops; APScheduler's from its EVENT_JOB_EXECUTED events. How each
# start time is taken is documented in bench/scheduler_lateness.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

DURATION=${1:-600}
CONNECTIONS=${2:-8}
WARMUP=${WARMUP:-5}
JOB=lateness_probe
# alert_check is the cheapest registered task kind: it evaluates the alert rules on in-memory
# metrics (no database, no I/O), so the run's own cost does not colour the lateness figures.
TASK=alert_check

if [ "$DURATION" -le "$WARMUP" ] || [ "$DURATION" -gt 840 ]; then
  echo "error: seconds must be more than WARMUP ($WARMUP) and at most 840 (access tokens live 15 min)" >&2
  exit 2
fi

ensure_command wrk wrk
# APScheduler 3.x, the stable line (4.x is a different API); installed when missing.
if ! python3 -c 'import apscheduler, sys; sys.exit(0 if apscheduler.__version__.startswith("3.") else 1)' 2>/dev/null; then
  echo "==> pip install 'apscheduler>=3,<4'"
  python3 -m pip install -q 'apscheduler>=3,<4'
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  swift build -c release --product bourse >/dev/null
fi

DATA=$(mktemp -d /tmp/bourse-lateness.XXXXXX)
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
SERVER='' APS='' WRK=''

# Stops one process we started: TERM, a grace period, then KILL, so a hung shutdown cannot hang
# the script.
stop_pid() { # stop_pid PID
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# Everything started here is stopped on any exit (error, Ctrl-C, TERM), by its own pid only.
cleanup() {
  stop_pid "$WRK"; stop_pid "$APS"; stop_pid "$SERVER"
  if [ -n "${KEEP_DATA:-}" ]; then echo "data kept in $DATA"; else rm -rf "$DATA"; fi
}
trap cleanup EXIT
# Without these, a TERM would end bash without running the EXIT trap.
trap 'exit 130' INT
trap 'exit 143' TERM

json() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' "$@"; }
token() { python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'; }
login() { # login EMAIL PASSWORD -> access token
  curl -sf -XPOST "$BASE/api/auth/login" -d "$(json email "$1" password "$2")" | token
}

LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
LOG_LEVEL=warning .build/release/bourse serve --data-dir "$DATA" --port "$PORT" >"$DATA/stdout.log" 2>"$DATA/stderr.log" &
SERVER=$!
for _ in $(seq 150); do
  curl -sf "$BASE/health" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "error: bourse exited; stderr:" >&2; tail -20 "$DATA/stderr.log" >&2; exit 1; }
  sleep 0.2
done
curl -sf "$BASE/health" >/dev/null || { echo "error: bourse did not become healthy" >&2; exit 1; }

# The first start of a fresh data folder prints the administrator's password once, on stdout.
ADMIN_LINE=$(grep -m1 '^Admin account: ' "$DATA/stdout.log" || true)
[ -n "$ADMIN_LINE" ] || { echo "error: no 'Admin account:' line on stdout" >&2; exit 1; }
ADMIN_EMAIL=$(sed -E 's/^Admin account: ([^ ]+) +password: .*/\1/' <<<"$ADMIN_LINE")
ADMIN_PASSWORD=$(sed -E 's/^Admin account: [^ ]+ +password: (.*)$/\1/' <<<"$ADMIN_LINE")
ADMIN=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD")

# The trader whose orders are the load, as in bench/orders-load.sh (orders.lua reads TOKEN).
curl -sf -XPOST "$BASE/api/auth/register" -d "$(json email bench@example.com password 'correct horse battery')" >/dev/null
TOKEN=$(login bench@example.com 'correct horse battery')
export TOKEN

# The probe job. The API's floor for interval_seconds is 1 s (IntervalTrigger.defaultMinimumSeconds);
# a 400 invalid_interval here would mean the floor was raised.
STATUS=$(curl -s -o "$DATA/job.json" -w '%{http_code}' -XPOST "$BASE/api/scheduler/jobs" \
  -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"id\":\"$JOB\",\"name\":\"Lateness probe\",\"task\":\"$TASK\",\"interval_seconds\":1}")
if [ "$STATUS" != 201 ]; then
  echo "error: POST /api/scheduler/jobs answered $STATUS: $(cat "$DATA/job.json")" >&2
  exit 1
fi

python3 bench/scheduler_lateness.py apscheduler --out "$DATA/apscheduler.csv" --max-seconds $((DURATION + 300)) \
  2>"$DATA/apscheduler.log" &
APS=$!
# Both schedulers fire a couple of times before the load starts (those occurrences are outside
# the window anyway).
sleep 2

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
  "load average before start: $LOADAVG_BEFORE; $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
# With SKIP_BUILD the binary may predate the checkout: say when it was built.
[ -z "${SKIP_BUILD:-}" ] || echo "binary: existing .build/release/bourse, built $(date -u -r .build/release/bourse '+%Y-%m-%d %H:%M UTC') (not rebuilt)"
echo "command: ${SKIP_BUILD:+SKIP_BUILD=1 }bench/scheduler-lateness.sh $DURATION $CONNECTIONS  (warm-up excluded: ${WARMUP} s)"
echo "load: wrk -t1 -c$CONNECTIONS -d${DURATION}s -s bench/orders.lua (POST /trading/orders); probe: '$TASK' every 1 s"

LOAD_START=$(date +%s.%N)
# wrk runs in the background and is waited for, so that INT/TERM reach the trap at once (bash
# defers traps while a foreground child runs).
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/orders.lua "$BASE" >"$DATA/wrk.txt" 2>"$DATA/wrk-errors.txt" &
WRK=$!
wait "$WRK"
WRK=''
LOAD_END=$(date +%s.%N)

# Stop both schedulers before reading, so that APScheduler's CSV is complete and nothing writes
# the database while it is read (sqlite3 reads the WAL file too).
stop_pid "$APS"; APS=''
stop_pid "$SERVER"; SERVER=''

echo "wrk: $(sed -n 's/^Requests\/sec: *//p' "$DATA/wrk.txt") requests/s," \
  "latency p50 $(awk '$1 == "50%" {print $2}' "$DATA/wrk.txt"), p99 $(awk '$1 == "99%" {print $2}' "$DATA/wrk.txt")," \
  "$(grep -c 'unexpected status' "$DATA/wrk-errors.txt" || true) non-201 responses;" \
  "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "window: due times from load start + ${WARMUP}s to load end ($(python3 -c "print(round($LOAD_END - $LOAD_START - $WARMUP, 1))") s)"
python3 bench/scheduler_lateness.py report --db "$DATA/bourse.sqlite" --job "$JOB" --apscheduler "$DATA/apscheduler.csv" \
  --from "$(python3 -c "print($LOAD_START + $WARMUP)")" --to "$LOAD_END"
