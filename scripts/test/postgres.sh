#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, entirely inside one directory.
#
#   postgres.sh start DIR [DATABASE...]   initdb in DIR, start on a free port of 127.0.0.1, create the
#                                          databases; prints the server URL (postgresql://postgres@127.0.0.1:PORT)
#   postgres.sh stop DIR                   stop the server started in DIR, if it runs (safe to repeat)
#
# Data are thrown away, so durability is switched off (fsync, synchronous_commit, full_page_writes).
# PostgreSQL refuses to run as root; as root, the server runs as the `postgres` user that the
# Debian package creates, and DIR is handed to that user.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { die "usage: postgres.sh start DIR [DATABASE...] | postgres.sh stop DIR"; }
[ $# -ge 2 ] || usage
command=$1
dir=$2
shift 2

bin=$(pg_bindir) || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (Debian package postgresql)"

# Runs a server binary as the user that owns the cluster. `cd /` because the postgres user
# may not be allowed into the current directory (a checkout under /root).
as_owner() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

case $command in
start)
  [ ! -e "$dir/data" ] || die "$dir/data already exists; stop and remove it first"
  mkdir -p "$dir"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "the postgres user does not exist (Debian package postgresql creates it)"
    chown postgres: "$dir"
    runuser -u postgres -- test -x "$dir" || die "the postgres user cannot enter $dir: make its parent directories searchable"
  fi
  port=$(free_port)

  # trust: the server listens on loopback only and lives as long as one test run
  as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
    --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

  as_owner "$bin/pg_ctl" start --pgdata="$dir/data" --log="$dir/postgres.log" --wait --timeout=60 >/dev/null \
    || { tail -n 30 "$dir/postgres.log" >&2 || true; die "PostgreSQL did not start (log: $dir/postgres.log)"; }

  for database in "$@"; do
    "$bin/createdb" --host=127.0.0.1 --port="$port" --username=postgres "$database"
  done
  echo "postgresql://postgres@127.0.0.1:$port"
  ;;
stop)
  # postmaster.pid exists exactly while a server runs (or crashed) in this data directory
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" stop --pgdata="$dir/data" --mode=immediate --wait --timeout=30 >/dev/null
  fi
  ;;
*)
  usage
  ;;
esac
