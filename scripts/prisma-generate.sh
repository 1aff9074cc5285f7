#!/usr/bin/env bash
# Generates the Prisma client (lib/generated/prisma) without any download.
# The Prisma CLI insists on locating its native schema engine before every command, and fetches it
# when missing, which fails offline. `generate` never runs that engine, so we point the CLI at a stub
# that fails loudly if it is ever executed. Migrations do not go through the CLI: see lib/db/migrate.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
PRISMA_SCHEMA_ENGINE_BINARY="$PWD/scripts/no-native-schema-engine.sh" \
PRISMA_HIDE_UPDATE_MESSAGE=1 \
  node node_modules/prisma/build/index.js generate >/dev/null
