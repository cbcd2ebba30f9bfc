#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server with pgvector, for the test suite's server run.
#
#   scripts/postgres-server.sh install          Debian packages + pgvector (root; skips what is there)
#   scripts/postgres-server.sh packages         prints the Debian packages install would add (none: nothing)
#   scripts/postgres-server.sh start DIR [PORT] initdb (if needed) + start; prints the admin URL
#   scripts/postgres-server.sh stop DIR
#
# The cluster listens on a Unix socket inside DIR only (no TCP port), so several clusters on
# one machine never collide. pgvector is built from ../shared/vendor/pgvector-0.8.6.tar.gz.
# Then: PIO_TEST_POSTGRES_URL=<printed URL> npm test  runs the database tests on it too.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_MAJOR=15
PGVECTOR_TARBALL="../shared/vendor/pgvector-0.8.6.tar.gz"
bindir() { echo "/usr/lib/postgresql/$PG_MAJOR/bin"; }
sharedir() { echo "/usr/share/postgresql/$PG_MAJOR"; }

have_server() { [ -x "$(bindir)/initdb" ] && [ -x "$(bindir)/pg_ctl" ] && [ -x "$(bindir)/postgres" ]; }
have_pgvector() { [ -f "$(sharedir)/extension/vector.control" ] && [ -f "/usr/lib/postgresql/$PG_MAJOR/lib/vector.so" ]; }
have_build_tools() { [ -f "/usr/include/postgresql/$PG_MAJOR/server/pg_config.h" ] && command -v make >/dev/null && command -v gcc >/dev/null; }

# The Debian packages the server and pgvector's build still need.
missing_packages() {
  if have_server && have_pgvector; then return 0; fi
  have_server || echo "postgresql-$PG_MAJOR"
  if ! have_pgvector && ! have_build_tools; then echo "postgresql-server-dev-$PG_MAJOR build-essential"; fi
}

cmd_install() {
  if have_server && have_pgvector; then
    echo "   postgresql-$PG_MAJOR and pgvector already installed"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "postgres-server.sh install: needs root (apt-get, make install)" >&2
    return 1
  fi
  local packages
  packages=$(missing_packages | xargs)
  if [ -n "$packages" ]; then
    echo "   apt-get install $packages"
    # shellcheck disable=SC2086
    scripts/apt-install.sh $packages
  fi
  if ! have_pgvector; then
    [ -f "$PGVECTOR_TARBALL" ] || { echo "missing $PGVECTOR_TARBALL" >&2; return 1; }
    local build
    build=$(mktemp -d)
    tar xzf "$PGVECTOR_TARBALL" -C "$build"
    echo "   building pgvector from $(basename "$PGVECTOR_TARBALL")"
    # OPTFLAGS="" avoids -march=native: the build runs on any x86-64.
    (cd "$build"/pgvector-* && make -s -j"$(nproc)" OPTFLAGS="" PG_CONFIG="$(bindir)/pg_config" >/dev/null 2>&1 &&
      make -s install PG_CONFIG="$(bindir)/pg_config" >/dev/null)
    rm -rf "$build"
  fi
  have_server && have_pgvector
}

# Runs a server binary as the postgres user when we are root (initdb refuses root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd_start() {
  local dir=${1:?usage: start DIR [PORT]} port=${2:-5432}
  have_server || { echo "PostgreSQL $PG_MAJOR is not installed (run: $0 install)" >&2; return 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$(bindir)/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; return 1; }
  fi
  # Durability is irrelevant for a throwaway test cluster: skip the fsyncs.
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses='' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null ||
    { tail -20 "$dir/server.log" >&2; return 1; }
  echo "postgres://postgres@localhost:$port/postgres?host=$dir"
}

cmd_stop() {
  local dir=${1:?usage: stop DIR}
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

case "${1:-}" in
  install) cmd_install ;;
  packages) missing_packages | xargs ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  *) echo "usage: $0 install | packages | start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
