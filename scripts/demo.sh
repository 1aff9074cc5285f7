#!/usr/bin/env bash
# npm run demo — production build, then the app on PORT (default 3000) with the built-in demo
# cluster and the embedded database in REFMAP_DATA_DIR (default .data/). The app applies migrations
# and takes its first snapshot at start.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d lib/generated/prisma ]; then bash scripts/prisma-generate.sh; fi
npx next build
# `next start` runs with NODE_ENV=production, where the built-in demo cluster must be asked for
# explicitly (REFMAP_DEMO); with sources configured, sign-in needs REFMAP_OIDC_ISSUER, or
# REFMAP_ALLOW_LOCAL_SIGNIN=true and HOST=127.0.0.1 for the local sign-in on this machine only.
export REFMAP_DEMO="${REFMAP_DEMO:-true}"
exec npx next start -p "${PORT:-3000}" ${HOST:+-H "$HOST"}
