# shellcheck shell=bash
# Shared helpers for the test harness; sourced by scripts/test.sh and scripts/test/*.sh.

# runuser and apt-get live in sbin, which is not on every root PATH.
PATH="$PATH:/usr/sbin:/sbin"

TEST_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Progress goes to stderr so that scripts can print a result (a URL) on stdout.
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# Debian puts the PostgreSQL server binaries (initdb, pg_ctl, postgres) under
# /usr/lib/postgresql/<major>/bin, not on PATH. Prints the newest such directory, if any.
pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] && printf '%s\n' "$dir"
}

# A TCP port that is free on 127.0.0.1 right now (the kernel picks it).
free_port() { node "$TEST_SCRIPTS_DIR/free-port.mjs"; }
