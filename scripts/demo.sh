#!/usr/bin/env bash
# npm run demo — production build, then the app on PORT (default 3000) with the built-in demo
# cluster and the embedded database in REFMAP_DATA_DIR (default .data/). The app applies migrations
# and takes its first snapshot at start.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d lib/generated/prisma ]; then bash scripts/prisma-generate.sh; fi
npx next build
# `next start` runs with NODE_ENV=production, where the local demo sign-in must be allowed explicitly;
# with REFMAP_OIDC_ISSUER set, OIDC is used instead.
export REFMAP_ALLOW_LOCAL_SIGNIN="${REFMAP_ALLOW_LOCAL_SIGNIN:-true}"
exec npx next start -p "${PORT:-3000}"
