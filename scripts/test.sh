#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (`npm test`), on a fresh Debian 12 machine:
#   typecheck → lint (ESLint, dependency-cruiser) → unit → chart (helm lint, promtool) → integration (a real PostgreSQL and a real Prometheus holding backfilled demo
#   data, both started here and thrown away at exit) → production build → e2e (Playwright in Debian's
#   Chromium against `next start`) → bench (`npm run bench -- --quick`: every benchmark part at a small
#   scale, on the build e2e used, so that the script keeps working; no timing is asserted).
# Missing Debian packages are installed when we are root; node_modules is installed when missing or stale.
# A failing step does not stop the later ones, so one run shows everything that is broken; the exit
# status is non-zero if any step failed.
#
# Usage: npm test [-- STEP...]   STEP: typecheck lint unit chart integration e2e bench (default: all, in that order)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test/lib.sh

all_steps=(typecheck lint unit chart integration e2e bench)
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=("${all_steps[@]}")
for step in "${steps[@]}"; do
  [[ " ${all_steps[*]} " == *" $step "* ]] || die "unknown step '$step' (steps: ${all_steps[*]})"
done
wants() { [[ " ${steps[*]} " == *" $1 "* ]]; }

# The network is closed: telemetry and update checks would only fail, slowly.
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

run_started=$SECONDS
tmp=$(mktemp -d -t refmap-test.XXXXXX)
# As root, PostgreSQL runs as the postgres user, which must be able to enter this directory.
chmod 755 "$tmp"

cleanup() {
  local status=$?
  bash scripts/test/prometheus.sh stop "$tmp/prometheus" || true
  bash scripts/test/postgres.sh stop "$tmp/postgres" || true
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
# Turn Ctrl-C and termination into a normal exit, so that the EXIT trap stops the servers.
trap 'exit 130' INT
trap 'exit 143' TERM

# --- steps and their results ---------------------------------------------------------------------
summary=()
any_failed=false
total_passed=0 total_failed=0 total_skipped=0

elapsed() { printf '%dm%02ds' $(((SECONDS - $1) / 60)) $(((SECONDS - $1) % 60)); }

# Adds a runner's JSON report to the totals and sets `counted` to "N passed, N failed, N skipped".
count_tests() {
  local passed failed skipped flaky
  counted="no test report"
  [ -s "$1" ] || return 0
  read -r passed failed skipped flaky <<<"$(node scripts/test/count-tests.mjs "$1")"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  counted="$passed passed, $failed failed, $skipped skipped"
  [ "$flaky" = 0 ] || counted+=" ($flaky flaky: passed on retry)"
}

record() { summary+=("$(printf '  %-12s %-8s %s' "$@")"); }

# run_step NAME REPORT NOTE COMMAND...
# Runs COMMAND and records its outcome, time, NOTE and, when REPORT (a JSON test report) is given,
# its counts. Sets step_ok. Never fails itself: later steps still run.
run_step() {
  local name=$1 report=$2 note=$3 started=$SECONDS detail=
  shift 3
  log "$name"
  if "$@"; then step_ok=true; else step_ok=false; any_failed=true; fi
  if [ -n "$report" ]; then
    count_tests "$report"
    detail="$counted "
  fi
  record "$name" "$($step_ok && echo ok || echo FAILED)" "$detail${note:+$note }in $(elapsed "$started")"
}

# The servers' own logs explain most integration and e2e failures; they go away with $tmp.
show_service_logs() {
  local file
  for file in "$tmp/postgres/postgres.log" "$tmp/prometheus/prometheus.log"; do
    [ -f "$file" ] || continue
    printf '\n--- last lines of %s ---\n' "$file"
    tail -n 20 "$file"
  done
}

# --- machine and dependencies ------------------------------------------------------------------
log "Debian packages (postgresql, prometheus, chromium, poppler-utils)"
bash scripts/test/ensure-debian-packages.sh

# npm records every install in node_modules/.package-lock.json; a lockfile newer than that means
# node_modules no longer matches it.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
fi
# npm ci runs our postinstall, which generates the Prisma client; an install that skipped scripts
# (ignore-scripts in someone's npmrc) leaves it missing, and every import of it broken.
if [ -z "$(ls -A lib/generated/prisma 2>/dev/null)" ]; then
  log "generating the Prisma client"
  npm run db:generate
fi

# --- typecheck and unit tests --------------------------------------------------------------------
if wants typecheck; then
  run_step typecheck '' '' npm run typecheck
fi
if wants lint; then
  run_step lint '' '' npm run lint
fi
if wants unit; then
  run_step unit "$tmp/unit.json" '' \
    npm run test:unit -- --reporter=default --reporter=json --outputFile.json="$tmp/unit.json"
fi

if wants chart; then
  run_step chart '' '' bash scripts/test/chart.sh
fi

# --- services: a real PostgreSQL, a real Prometheus ------------------------------------------------
if wants integration || wants e2e; then
  log "starting PostgreSQL"
  pg_url=$(bash scripts/test/postgres.sh start "$tmp/postgres" refmap_test refmap_e2e)
  export TEST_DATABASE_URL="$pg_url/refmap_test"
  export E2E_DATABASE_URL="$pg_url/refmap_e2e"
  pg_version=$("$(pg_bindir)/postgres" --version | awk '{print $3}')
  log "PostgreSQL $pg_version at $pg_url"
fi

if wants integration; then
  # The demo cluster's metrics up to NOW, backfilled, so that queries at NOW have a fixed answer.
  [ -f scripts/demo-openmetrics.ts ] || die "scripts/demo-openmetrics.ts is missing: it writes the demo metrics that Prometheus is filled with"
  now=$(date -u +%Y-%m-%dT%H:%M:00Z)
  log "writing the demo metrics up to $now"
  npx tsx --conditions=react-server scripts/demo-openmetrics.ts --scenario stock --now "$now" --out "$tmp/metrics.om"
  log "starting Prometheus"
  prometheus_url=$(bash scripts/test/prometheus.sh start "$tmp/prometheus" "$tmp/metrics.om" "$now")
  export TEST_PROMETHEUS_URL="$prometheus_url" TEST_PROMETHEUS_NOW="$now"
  prometheus_version=$(prometheus --version 2>&1 | awk 'NR == 1 {print $3}')
  log "Prometheus $prometheus_version at $TEST_PROMETHEUS_URL"

  run_step integration "$tmp/integration.json" "on real PostgreSQL $pg_version and real Prometheus $prometheus_version" \
    npm run test:integration -- --reporter=default --reporter=json --outputFile.json="$tmp/integration.json"
  $step_ok || show_service_logs
fi

# --- production build and e2e ------------------------------------------------------------------
if wants e2e; then
  run_step build '' '' npm run build
  if $step_ok; then
    chromium_version=$(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')
    # E2E_PORT and E2E_DATABASE_URL are read by playwright.config.ts
    E2E_PORT=$(free_port)
    export E2E_PORT PLAYWRIGHT_JSON_OUTPUT_FILE="$tmp/e2e.json"
    run_step e2e "$tmp/e2e.json" "in Debian Chromium $chromium_version (report: playwright-report/)" npm run test:e2e
    $step_ok || show_service_logs
  else
    record e2e skipped "(no build)"
  fi
fi

# --- benchmark smoke run ----------------------------------------------------------------------------
# It starts its own PostgreSQL and servers and writes its report to a temporary file, not BENCHMARKS.md.
if wants bench; then
  run_step bench '' '(npm run bench -- --quick, figures not checked)' npm run bench -- --quick --out "$tmp/BENCHMARKS.quick.md"
fi

# --- summary ----------------------------------------------------------------------------------
printf '\n==> Summary (%s)\n' "$(elapsed "$run_started")"
printf '%s\n' "${summary[@]}"
# the totals, in the usual 'N passed, N failed' form
printf 'Tests: %d passed, %d failed, %d skipped\n' "$total_passed" "$total_failed" "$total_skipped"
if $any_failed; then
  exit 1
fi
