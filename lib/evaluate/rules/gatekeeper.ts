import type { CustomResourceList, GatekeeperConstraintSummary } from '@/lib/sources/types';
import { capOffenders, countPhrase } from '../offenders';
import type { CheckOutcome, Offender } from '../types';

export const GATEKEEPER_CONSTRAINTS_ENDPOINT = 'GET /apis/constraints.gatekeeper.sh/v1beta1 (constraint kinds) → GET /apis/constraints.gatekeeper.sh/v1beta1/{kind} → spec.enforcementAction, status.totalViolations';

/** What a check that wants Gatekeeper constraints of some kinds sends, e.g. `… for K8sAllowedRepos`. */
export function gatekeeperConstraintsQuery(kinds: readonly string[]): string {
  return `${GATEKEEPER_CONSTRAINTS_ENDPOINT} for ${kinds.join(', ')}`;
}

/**
 * Gatekeeper constraints of the given kinds must exist, enforce (`deny`) and have no audit
 * violations. A constraint in `warn` or `dryrun` only reports: that is a warning, as on a stock
 * Compliant Kubernetes install. `purpose` completes "nothing enforces …" in the failure summary.
 */
export function judgeConstraintKinds(
  constraints: CustomResourceList<GatekeeperConstraintSummary>,
  options: { kinds: readonly string[]; purpose: string },
  maxOffenders: number,
): CheckOutcome {
  if (!constraints.isInstalled) {
    return { status: 'fail', summary: `Gatekeeper is not installed, so nothing enforces ${options.purpose}`, excerpt: { isInstalled: false } };
  }
  // constraint kinds are CRD kinds; compare without case so a catalog entry need not match the spelling
  const wanted = new Set(options.kinds.map((kind) => kind.toLowerCase()));
  const relevant = constraints.items.filter((constraint) => wanted.has(constraint.kind.toLowerCase()));
  if (relevant.length === 0) {
    return { status: 'fail', summary: `No ${options.kinds.join(', ')} constraint: nothing enforces ${options.purpose}`, excerpt: { constraints: 0 } };
  }
  return judgeConstraints(relevant, maxOffenders);
}

/** Audit violations fail, constraints that only report warn, otherwise every constraint enforces: pass. */
export function judgeConstraints(constraints: GatekeeperConstraintSummary[], maxOffenders: number): CheckOutcome {
  const violations: Offender[] = constraints.flatMap((constraint) =>
    constraint.violations.map((violation) => ({
      object: `${violation.namespace ? `${violation.namespace}/` : ''}${violation.name}`,
      kind: violation.kind,
      constraint: `${constraint.kind}/${constraint.name}`,
      reason: violation.message,
    })),
  );
  const totalViolations = constraints.reduce((sum, constraint) => sum + constraint.totalViolations, 0);
  const notEnforcing = constraints.filter((constraint) => constraint.enforcementAction !== 'deny');
  const excerpt = {
    constraints: constraints.map((constraint) => ({
      kind: constraint.kind,
      name: constraint.name,
      enforcementAction: constraint.enforcementAction,
      totalViolations: constraint.totalViolations,
      auditTimestamp: constraint.auditTimestamp ?? null,
    })),
    totalViolations,
    ...capOffenders(violations, maxOffenders),
  };
  if (totalViolations > 0) {
    return { status: 'fail', summary: `${countPhrase(totalViolations, 'audit violation')} of ${constraints.map((constraint) => constraint.kind).join(', ')}`, excerpt };
  }
  if (notEnforcing.length > 0) {
    const names = notEnforcing.map((constraint) => `${constraint.kind}/${constraint.name} (${constraint.enforcementAction})`);
    return { status: 'warn', summary: `No violations, but only reported, not enforced: ${names.join(', ')}`, excerpt };
  }
  return { status: 'pass', summary: `${countPhrase(constraints.length, 'constraint')} enforce with no violations`, excerpt };
}
