#!/usr/bin/env bash
# Install and run the servers the service tests need, on 127.0.0.1 only.
#   deploy/services.sh install          Debian packages: postgresql (apt-get, when initdb is missing)
#   deploy/services.sh start | stop     a throw-away PostgreSQL cluster on 127.0.0.1:$CLAIMTRACK_PG_PORT
# The cluster lives in $CLAIMTRACK_SERVICES_DIR (default /tmp/claimtrack-services), owned by the
# `postgres` system user, with role and database `claimtrack` (password `claimtrack`).
set -euo pipefail

SERVICES_DIR=${CLAIMTRACK_SERVICES_DIR:-/tmp/claimtrack-services}
PG_PORT=${CLAIMTRACK_PG_PORT:-55432}
PG_DATA="$SERVICES_DIR/pg"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  if ! pg_bin >/dev/null; then
    if [ "$(id -u)" != 0 ]; then echo "PostgreSQL is missing and installing it needs root (apt-get)" >&2; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  echo "postgresql: $(pg_bin)"
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
}

stop() {
  local bin
  bin=$(pg_bin) || exit 0
  if [ -s "$PG_DATA/PG_VERSION" ]; then
    as_postgres "$bin/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
