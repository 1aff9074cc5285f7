#!/usr/bin/env bash
# npm run demo [-- --empty] — production build, then the app on PORT (default 3000) with the built-in
# demo clusters (a management cluster and two workload clusters) and the embedded database in
# REFMAP_DATA_DIR (default .data/). On the first start of an empty database about 90 days of history
# are collected from the simulators at past times (scripts/demo-history.ts); `--empty` (or
# REFMAP_DEMO_HISTORY=false) starts without it. The app applies migrations and takes its first
# snapshot at start.
set -euo pipefail
cd "$(dirname "$0")/.."
history="${REFMAP_DEMO_HISTORY:-true}"
for argument in "$@"; do
  case "$argument" in
    --empty) history=false ;;
    *) echo "usage: npm run demo [-- --empty]" >&2; exit 2 ;;
  esac
done
if [ ! -d lib/generated/prisma ]; then bash scripts/prisma-generate.sh; fi
npx next build
# REFMAP_DEMO_FLEET=false shows the single demo cluster of earlier versions instead of the fleet
export REFMAP_DEMO_FLEET="${REFMAP_DEMO_FLEET:-true}"
if [ "$history" = true ]; then
  LOG_LEVEL="${LOG_LEVEL:-warn}" npx tsx --conditions=react-server scripts/demo-history.ts
fi
# `next start` runs with NODE_ENV=production, where the built-in demo cluster must be asked for
# explicitly (REFMAP_DEMO); with sources configured, sign-in needs REFMAP_OIDC_ISSUER, or
# REFMAP_ALLOW_LOCAL_SIGNIN=true and HOST=127.0.0.1 for the local sign-in on this machine only.
export REFMAP_DEMO="${REFMAP_DEMO:-true}"
exec npx next start -p "${PORT:-3000}" ${HOST:+-H "$HOST"}
