#!/usr/bin/env bash
# Install and run the servers the service tests need, on 127.0.0.1 only.
#   deploy/services.sh install          Debian packages postgresql and redis-server (apt-get, when missing)
#   deploy/services.sh start | stop     a throw-away PostgreSQL cluster on 127.0.0.1:$CLAIMTRACK_PG_PORT and
#                                       a Redis server (the Celery broker) on 127.0.0.1:$CLAIMTRACK_REDIS_PORT
#   deploy/services.sh browser          Debian's chromium, for the screenshot tests (apt-get, when missing)
# The cluster lives in $CLAIMTRACK_SERVICES_DIR (default /tmp/claimtrack-services), owned by the
# `postgres` system user, with role and database `claimtrack` (password `claimtrack`). Redis keeps
# nothing on disk.
set -euo pipefail

SERVICES_DIR=${CLAIMTRACK_SERVICES_DIR:-/tmp/claimtrack-services}
PG_PORT=${CLAIMTRACK_PG_PORT:-55432}
PG_DATA="$SERVICES_DIR/pg"
REDIS_PORT=${CLAIMTRACK_REDIS_PORT:-56379}
REDIS_DIR="$SERVICES_DIR/redis"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

apt_install() {
  if [ "$(id -u)" != 0 ]; then echo "$* missing, and installing it needs root (apt-get)" >&2; return 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install() {
  local missing=()
  pg_bin >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  echo "postgresql: $(pg_bin); redis: $(command -v redis-server)"
}

browser() {
  command -v chromium >/dev/null || apt_install chromium
  echo "chromium: $(command -v chromium)"
}

start_redis() {
  mkdir -p "$REDIS_DIR"
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" --save "" --appendonly no \
      --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
    for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "redis: 127.0.0.1:$REDIS_PORT"
}

start() {
  install
  local bin
  bin=$(pg_bin)
  mkdir -p "$SERVICES_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$SERVICES_DIR"; fi
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    as_postgres "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA" start >/dev/null
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='claimtrack'")" != 1 ]; then
    "${psql[@]}" -c "create role claimtrack login password 'claimtrack'"
  fi
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='claimtrack'")" != 1 ]; then
    "${psql[@]}" -c "create database claimtrack owner claimtrack"
  fi
  echo "postgresql: 127.0.0.1:$PG_PORT, database claimtrack"
  start_redis
}

stop() {
  if command -v redis-cli >/dev/null; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  local bin
  bin=$(pg_bin) || return 0
  if [ -s "$PG_DATA/PG_VERSION" ]; then
    as_postgres "$bin/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  browser) browser ;;
  *) echo "usage: $0 install|start|stop|browser" >&2; exit 2 ;;
esac
