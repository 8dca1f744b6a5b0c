# Shared helpers for scripts/test and scripts/cluster. Sourced, not run.

# Prints a free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Succeeds when nothing listens on the TCP port (on loopback or on all interfaces). SO_REUSEADDR
# so that connections of a process that just stopped (TIME_WAIT) do not count; a listener does.
port_is_free() { # port_is_free PORT
  python3 -c 'import socket,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError: sys.exit(1)' "$1"
}

# Installs Debian packages when a command is missing. In CI a failed install fails the run:
# a suite that needs a dependency is never skipped in silence.
ensure_command() { # ensure_command COMMAND PACKAGE...
  local cmd=$1; shift
  if command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ]; then return 0; fi
  echo "==> installing $* (for $cmd)"
  if [ "$(id -u)" -ne 0 ]; then echo "error: $cmd is missing and installing it needs root: apt-get install $*" >&2; return 1; fi
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ] || { echo "error: $cmd still missing after installing $*" >&2; return 1; }
}

# Installs a Python module with pip when it is missing (same rule: failure fails the run).
ensure_python_module() { # ensure_python_module MODULE PACKAGE
  python3 -c "import $1" 2>/dev/null && return 0
  echo "==> pip install $2"
  python3 -m pip install -q "$2" || { echo "error: pip could not install $2" >&2; return 1; }
}

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# Starts a throwaway PostgreSQL 15 on loopback; sets PG_DIR, PG_PORT and PG_URL.
# PostgreSQL refuses to run as root, so the cluster belongs to the postgres user. Loopback
# connections are trusted: a debug build spends a second per SCRAM handshake, and this server
# lives only for one test run.
start_postgres() {
  ensure_command "$PG_BIN/pg_ctl" postgresql-15
  PG_DIR=$(mktemp -d /tmp/bourse-pg.XXXXXX)
  PG_PORT=$(free_port)
  local password
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  printf '%s\n' "$password" > "$PG_DIR/pwfile"
  mkdir -p "$PG_DIR/sock"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$PG_DIR"
    RUN_PG=(runuser -u postgres --)
  else
    RUN_PG=()
  fi
  "${RUN_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U bourse --pwfile="$PG_DIR/pwfile" \
    --auth-host=trust --auth-local=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${RUN_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_URL="postgres://bourse:$password@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
  echo "==> PostgreSQL 15 on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${RUN_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}

# Starts a throwaway redis-server on loopback; sets REDIS_DIR, REDIS_PORT and REDIS_URL.
start_redis() {
  ensure_command redis-server redis-server
  REDIS_DIR=$(mktemp -d /tmp/bourse-redis.XXXXXX)
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" --dir "$REDIS_DIR"
  for _ in $(seq 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$REDIS_PORT" ping >/dev/null || { cat "$REDIS_DIR/redis.log" >&2; return 1; }
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  echo "==> redis-server on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
  [ -n "${REDIS_DIR:-}" ] || return 0
  [ -f "$REDIS_DIR/redis.pid" ] && kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
  rm -rf "$REDIS_DIR"
  REDIS_DIR=
}
