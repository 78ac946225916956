#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster for the tests and print its URL.
#
#   tools/throwaway-postgres.sh [FOLDER] [PORT]      (defaults: /tmp/pursuit-journey-postgres 55432)
#
# The cluster has its own data folder and port, listens on 127.0.0.1 only, and asks for a password
# (scram-sha-256) so that the tests can check a wrong one. Run as root it runs as the `postgres`
# user (initdb refuses root). Stop it with: pg_ctl -D FOLDER/data stop (as the same user).
# The tests read the URL from PURSUIT_JOURNEY_TEST_POSTGRES:
#   export PURSUIT_JOURNEY_TEST_POSTGRES="$(tools/throwaway-postgres.sh)"
set -euo pipefail
folder="${1:-/tmp/pursuit-journey-postgres}"
port="${2:-55432}"
password="throwaway"

bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin_dir" ]; then
  bin_dir="$(dirname "$(command -v initdb 2>/dev/null || command -v pg_ctl)")"
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ ! -f "$folder/data/PG_VERSION" ]; then
  rm -rf "$folder"
  mkdir -p "$folder"
  printf '%s\n' "$password" > "$folder/pwfile"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$folder"; fi
  as_owner "$bin_dir/initdb" -D "$folder/data" -U postgres --pwfile="$folder/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_owner "$bin_dir/pg_ctl" -D "$folder/data" status >/dev/null 2>&1; then
  as_owner "$bin_dir/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$folder -c fsync=off -c max_connections=400" \
    start >/dev/null
fi
echo "postgresql://postgres:$password@127.0.0.1:$port/postgres"
