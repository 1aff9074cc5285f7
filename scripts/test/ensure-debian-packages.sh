#!/usr/bin/env bash
# Makes sure the Debian packages that the integration and e2e tests run for real are installed:
# PostgreSQL, Prometheus (with promtool for backfilling), Chromium, and poppler-utils (pdftotext,
# to read the PDF reports). Installs what is missing when we are root; otherwise names it and stops.
# Browsers come from Debian only: Playwright's own browser download cannot work here.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# Prints the packages whose binaries are missing, one a line.
missing_packages() {
  pg_bindir >/dev/null || echo postgresql
  { [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; } || echo prometheus
  [ -x /usr/bin/chromium ] || echo chromium
  command -v pdftotext >/dev/null || echo poppler-utils
}

missing=$(missing_packages | tr '\n' ' ')
[ -z "$missing" ] && exit 0
is_root || die "missing Debian packages: $missing(as root: apt-get install --no-install-recommends $missing)"

log "installing Debian packages: $missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086 # one word per package
apt-get install -y -q --no-install-recommends $missing

# A package that installed without the binary we look for would fail later, less clearly.
still_missing=$(missing_packages | tr '\n' ' ')
[ -z "$still_missing" ] || die "installed, but their binaries are still missing: $still_missing"
