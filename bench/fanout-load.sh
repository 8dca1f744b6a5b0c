#!/usr/bin/env bash
# Market-channel fan-out: N WebSocket clients, the admin pushing R messages a second on top of
# the simulator's own market data; deliveries per second, publish-to-receive latency (receive
# time minus the hub's `ts`), and the server's memory per idle connection.
# Usage: bench/fanout-load.sh [clients] [rate] [seconds] [embedded|redis]
#   embedded: one `bourse serve` (SQLite, in-process bus);
#   redis:    two instances on one PostgreSQL and one redis-server (`--role all` and
#             `--role backend`), the clients split between them, pushes through the first.
# SYMBOLS=A,B subscribes the clients to those instruments only (the pushes reach everyone), so a
# client receives the pushes plus those instruments' quotes, trades and candles.
# Builds bourse and bourse-load in release mode (SKIP_BUILD=1 uses what is built).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
CLIENTS=${1:-1000}
RATE=${2:-20}
SECONDS_=${3:-20}
SHAPE=${4:-embedded}
if [ -z "${SKIP_BUILD:-}" ]; then
  swift build -c release --product bourse >/dev/null
  swift build -c release --product bourse-load >/dev/null
fi
# Each client is a socket at both ends.
ulimit -n "$(ulimit -Hn)"  # each process holds one socket per client; the hard limit here is 20000
DATA=$(mktemp -d /tmp/bourse-fanout.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$SHAPE" = redis ]; then stop_postgres; stop_redis; fi
  rm -rf "$DATA"
}
trap cleanup EXIT
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
start() { # start NAME PORT ARGS...
  local name=$1 port=$2; shift 2
  mkdir -p "$DATA/$name"
  LOG_LEVEL=warning .build/release/bourse serve --data-dir "$DATA/$name" --port "$port" "$@" >"$DATA/$name.out" 2>"$DATA/$name.err" &
  PIDS+=($!)
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0; sleep 0.2; done
  cat "$DATA/$name.err" >&2; return 1
}
FIRST=$(free_port)
QUERY=${SYMBOLS:+?symbols=$SYMBOLS}
if [ "$SHAPE" = redis ]; then
  start_postgres >/dev/null
  start_redis >/dev/null
  export DATABASE_URL="$PG_URL" REDIS_URL JWT_SECRET_KEY="bench-secret-0123456789-0123456789-abcdef"
  start first "$FIRST"
  SECOND=$(free_port)
  TRADING_URL="http://127.0.0.1:$FIRST" start second "$SECOND" --role backend
  WS="ws://127.0.0.1:$FIRST/api/ws/market$QUERY,ws://127.0.0.1:$SECOND/api/ws/market$QUERY"
  SERVERS=("${PIDS[0]}" "${PIDS[1]}")
else
  start first "$FIRST"
  WS="ws://127.0.0.1:$FIRST/api/ws/market$QUERY"
  SERVERS=("${PIDS[0]}")
fi
BASE="http://127.0.0.1:$FIRST"
PASSWORD=$(sed -n 's/.*Admin account: \S*  password: \(\S*\).*/\1/p' "$DATA/first.out")
TOKEN=$(curl -sf -XPOST "$BASE/api/auth/login" -d "{\"email\":\"admin@bourse.local\",\"password\":\"$PASSWORD\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
BEFORE=0; for pid in "${SERVERS[@]}"; do BEFORE=$((BEFORE + $(rss_kib "$pid"))); done
echo "shape=$SHAPE clients=$CLIENTS symbols=${SYMBOLS:-all} pushes=${RATE}/s duration=${SECONDS_}s machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), commit $(git rev-parse --short HEAD)"
FANOUT_IDLE_PAUSE=5 .build/release/bourse-load fanout --ws "$WS" --push "$BASE" --token "$TOKEN" \
  --clients "$CLIENTS" --rate "$RATE" --duration "$SECONDS_" > "$DATA/load.out" &
LOAD=$!
PIDS+=($LOAD)
for _ in $(seq 1200); do grep -q "^idle for" "$DATA/load.out" 2>/dev/null && break; sleep 0.1; done
sleep 2
AFTER=0; for pid in "${SERVERS[@]}"; do AFTER=$((AFTER + $(rss_kib "$pid"))); done
wait "$LOAD"
cat "$DATA/load.out"
echo "server memory: $((BEFORE / 1024)) MiB before the clients, $((AFTER / 1024)) MiB with them idle: $(( (AFTER - BEFORE) * 1024 / CLIENTS )) bytes per idle connection"
