import type { CheckOutcome, Offender } from '@/lib/evaluate/types';
import type { GatekeeperConstraintSummary } from '@/lib/sources/types';
import { capOffenders, countPhrase } from '../offenders';
import type { CatalogSettings } from '../settings';
import type { CheckContext, CheckDefinition } from '../types';

export const GATEKEEPER_CONSTRAINTS_ENDPOINT = 'GET /apis/constraints.gatekeeper.sh/v1beta1 (constraint kinds) → GET /apis/constraints.gatekeeper.sh/v1beta1/{kind} → spec.enforcementAction, status.totalViolations';

export function isSystemNamespace(settings: CatalogSettings, namespace: string): boolean {
  return settings.systemNamespaces.includes(namespace);
}

/**
 * Matches `value` against a pattern in which `*` stands for any run of characters.
 * @example matchesWildcard('ServiceAccount:kube-system/*', 'ServiceAccount:kube-system/cronjob-controller') // true
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

/**
 * A check that Gatekeeper constraints of the given kinds exist, enforce (`deny`) and have no audit
 * violations. A constraint in `warn` or `dryrun` only reports: that is a warning, as on a stock
 * Compliant Kubernetes install.
 */
export function gatekeeperConstraintCheck(options: { id: string; kinds: string[]; purpose: string }): CheckDefinition {
  const kindList = options.kinds.join(', ');
  return {
    id: options.id,
    source: 'kubernetes',
    query: `${GATEKEEPER_CONSTRAINTS_ENDPOINT} for ${kindList}`,
    rule: `A ${kindList} constraint exists with enforcementAction deny and 0 audit violations; warn or dryrun → warn.`,
    run: async (context: CheckContext): Promise<CheckOutcome> => {
      const constraints = await context.sources.gatekeeperConstraints();
      if (!constraints.isInstalled) {
        return { status: 'fail', summary: `Gatekeeper is not installed, so nothing enforces ${options.purpose}`, excerpt: { isInstalled: false } };
      }
      const wanted = new Set(options.kinds.map((kind) => kind.toLowerCase()));
      const relevant = constraints.items.filter((constraint) => wanted.has(constraint.kind.toLowerCase()));
      if (relevant.length === 0) {
        return { status: 'fail', summary: `No ${kindList} constraint: nothing enforces ${options.purpose}`, excerpt: { constraints: 0 } };
      }
      return judgeConstraints(relevant, context.settings.maxOffendersPerCheck);
    },
  };
}

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
