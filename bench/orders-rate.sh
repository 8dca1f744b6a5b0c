#!/usr/bin/env bash
# POST /trading/orders at a fixed offered rate (open loop, bourse-load), with durable
# acknowledgement: throughput and latency counted from each order's scheduled send time.
# Usage: bench/orders-rate.sh [sqlite|postgres] [rate] [seconds] [traders]
# Builds bourse and bourse-load in release mode (SKIP_BUILD=1 uses what is built), starts the
# server on loopback with a fresh database, registers the traders, and drives it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ENGINE=${1:-sqlite}
RATE=${2:-2500}
SECONDS_=${3:-20}
TRADERS=${4:-16}
if [ -z "${SKIP_BUILD:-}" ]; then
  swift build -c release --product bourse >/dev/null
  swift build -c release --product bourse-load >/dev/null
fi
DATA=$(mktemp -d /tmp/bourse-bench.XXXXXX)
PORT=$(free_port)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; [ "$ENGINE" = postgres ] && stop_postgres; rm -rf "$DATA"; }
trap cleanup EXIT
if [ "$ENGINE" = postgres ]; then
  start_postgres >/dev/null
  export DATABASE_URL="$PG_URL" JWT_SECRET_KEY="bench-secret-0123456789-0123456789-abcdef"
fi
LOG_LEVEL=warning .build/release/bourse serve --data-dir "$DATA" --port "$PORT" >"$DATA/stdout.log" 2>"$DATA/stderr.log" &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 150); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.2; done
TOKENS=""
for i in $(seq "$TRADERS"); do
  curl -sf -XPOST "$BASE/api/auth/register" -d "{\"email\":\"bench$i@example.com\",\"password\":\"correct horse battery\"}" >/dev/null
  TOKEN=$(curl -sf -XPOST "$BASE/api/auth/login" -d "{\"email\":\"bench$i@example.com\",\"password\":\"correct horse battery\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  TOKENS="$TOKENS${TOKENS:+,}$TOKEN"
done
echo "engine=$ENGINE offered=${RATE}/s duration=${SECONDS_}s traders=$TRADERS machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), commit $(git rev-parse --short HEAD)"
.build/release/bourse-load orders --url "$BASE" --tokens "$TOKENS" --rate "$RATE" --duration "$SECONDS_"
