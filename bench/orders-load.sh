#!/usr/bin/env bash
# End-to-end POST /trading/orders throughput and latency, with durable acknowledgement.
# Usage: bench/orders-load.sh [sqlite|postgres] [connections] [seconds] [rate]
#   rate: requests per second offered (wrk2-style constant rate is not available: with a rate,
#   connections are sized so that wrk's closed loop stays near it; without, it is saturation).
# Builds bourse in release mode, starts it on loopback, and drives it with wrk (a separate
# process) from Debian's package.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ENGINE=${1:-sqlite}
CONNECTIONS=${2:-32}
SECONDS_=${3:-20}
ensure_command wrk wrk
swift build -c release --product bourse >/dev/null
DATA=$(mktemp -d /tmp/bourse-bench.XXXXXX)
PORT=$(free_port)
ENV=(LOG_LEVEL=warning)
if [ "$ENGINE" = postgres ]; then
  trap 'stop_postgres; kill $SERVER 2>/dev/null || true' EXIT
  start_postgres
  export DATABASE_URL="$PG_URL" JWT_SECRET_KEY="bench-secret-0123456789-0123456789-abcdef"
else
  trap 'kill $SERVER 2>/dev/null || true' EXIT
fi
env "${ENV[@]}" .build/release/bourse serve --data-dir "$DATA" --port "$PORT" > "$DATA/stdout.log" 2> "$DATA/stderr.log" &
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"
curl -sf -XPOST "$BASE/api/auth/register" -d '{"email":"bench@example.com","password":"correct horse battery"}' >/dev/null
TOKEN=$(curl -sf -XPOST "$BASE/api/auth/login" -d '{"email":"bench@example.com","password":"correct horse battery"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
export TOKEN
echo "engine=$ENGINE connections=$CONNECTIONS duration=${SECONDS_}s machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency -s bench/orders.lua "$BASE"
