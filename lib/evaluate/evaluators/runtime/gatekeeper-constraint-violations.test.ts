import { describe, expect, it } from 'vitest';
import type { GatekeeperConstraintSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { gatekeeperConstraintViolations } from './gatekeeper-constraint-violations';

const { judge } = gatekeeperConstraintViolations.spec;
const constraint = (kind: string, totalViolations = 0, enforcementAction = 'deny'): GatekeeperConstraintSummary => ({
  kind,
  name: 'c',
  enforcementAction,
  totalViolations,
  auditTimestamp: '2026-06-01T11:59:00Z',
  violations: totalViolations ? [{ kind: 'Pod', name: 'api-1', message: 'Privileged container is not allowed' }] : [],
});
const installed = (...items: GatekeeperConstraintSummary[]) => ({ isInstalled: true, items });

describe('gatekeeper-constraint-violations', () => {
  it.each([
    { state: 'every constraint enforces, no violations', constraints: installed(constraint('K8sA'), constraint('K8sB')), expected: 'pass' },
    { state: 'one constraint only warns', constraints: installed(constraint('K8sA'), constraint('K8sB', 0, 'warn')), expected: 'warn' },
    { state: 'violations (even with a warn constraint)', constraints: installed(constraint('K8sA', 3), constraint('K8sB', 0, 'warn')), expected: 'fail' },
    { state: 'Gatekeeper without constraints', constraints: installed(), expected: 'fail' },
    { state: 'Gatekeeper not installed', constraints: { isInstalled: false, items: [] }, expected: 'fail' },
  ])('$state → $expected', ({ constraints, expected }) => {
    expect(judge(constraints, {}, testEnv()).status).toBe(expected);
  });

  it('names the reporting-only constraints and the violating objects', () => {
    expect(judge(installed(constraint('K8sB', 0, 'dryrun')), {}, testEnv()).summary).toBe('No violations, but only reported, not enforced: K8sB/c (dryrun)');
    const outcome = judge(installed(constraint('K8sA', 1)), {}, testEnv());
    expect(outcome.summary).toBe('1 audit violation of K8sA');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'api-1', kind: 'Pod', constraint: 'K8sA/c', reason: 'Privileged container is not allowed' }]);
  });
});
