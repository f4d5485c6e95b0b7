#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages (if missing), starts a throwaway cluster on a local port,
# and prints the URL the test suites use (VEIL_TEST_DATABASE_URL). Run as root; CI calls it.
set -euo pipefail
port="${VEIL_PG_PORT:-54329}"
dir="${VEIL_PG_DIR:-/tmp/veil-postgres}"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")

if ! su postgres -c "$bin/pg_ctl -D $dir status" >/dev/null 2>&1; then
  # A throwaway cluster is made anew; VEIL_PG_KEEP=1 starts the one already in the folder (a benchmark
  # world of millions of accounts, say, kept under /var/tmp between sessions).
  if [ "${VEIL_PG_KEEP:-0}" != 1 ] || [ ! -f "$dir/PG_VERSION" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    chown postgres "$dir"
    su postgres -c "$bin/initdb -D $dir -A trust -U postgres" >/dev/null
  fi
  su postgres -c "$bin/pg_ctl -D $dir -l $dir/server.log -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' -w start" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
