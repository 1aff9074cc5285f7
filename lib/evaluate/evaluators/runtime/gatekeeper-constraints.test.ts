import { describe, expect, it } from 'vitest';
import type { GatekeeperConstraintSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { GATEKEEPER_CONSTRAINTS_ENDPOINT } from '../../rules/gatekeeper';
import { gatekeeperConstraints } from './gatekeeper-constraints';

const { judge, query } = gatekeeperConstraints.spec;
const params = { kinds: ['K8sAllowedRepos'], purpose: 'the trusted registry' };
const constraint = (kind: string, totalViolations = 0, enforcementAction = 'deny'): GatekeeperConstraintSummary => ({
  kind,
  name: kind.toLowerCase(),
  enforcementAction,
  totalViolations,
  violations: Array.from({ length: totalViolations }, (_, index) => ({ kind: 'Pod', namespace: 'shop', name: `web-${index}`, message: 'image from an untrusted registry' })),
});
const installed = (...items: GatekeeperConstraintSummary[]) => ({ isInstalled: true, items });

describe('gatekeeper-constraints', () => {
  it.each([
    { state: 'the kind enforces without violations', constraints: installed(constraint('K8sAllowedRepos')), expected: 'pass' },
    { state: 'the kind matches without regard to case', constraints: installed(constraint('k8sallowedrepos')), expected: 'pass' },
    { state: 'other kinds have violations, this one none', constraints: installed(constraint('K8sAllowedRepos'), constraint('K8sOther', 3)), expected: 'pass' },
    { state: 'the kind only warns', constraints: installed(constraint('K8sAllowedRepos', 0, 'warn')), expected: 'warn' },
    { state: 'the kind runs in dryrun', constraints: installed(constraint('K8sAllowedRepos', 0, 'dryrun')), expected: 'warn' },
    { state: 'the kind has audit violations', constraints: installed(constraint('K8sAllowedRepos', 2)), expected: 'fail' },
    { state: 'no constraint of the kind', constraints: installed(constraint('K8sOther')), expected: 'fail' },
    { state: 'Gatekeeper not installed', constraints: { isInstalled: false, items: [] }, expected: 'fail' },
  ])('$state → $expected', ({ constraints, expected }) => {
    expect(judge(constraints, params, testEnv()).status).toBe(expected);
  });

  it('says what is left unenforced', () => {
    expect(judge({ isInstalled: false, items: [] }, params, testEnv()).summary).toBe('Gatekeeper is not installed, so nothing enforces the trusted registry');
    expect(judge(installed(), { kinds: ['K8sA', 'K8sB'], purpose: 'x' }, testEnv()).summary).toBe('No K8sA, K8sB constraint: nothing enforces x');
  });

  it('names the violating objects, capped', () => {
    const outcome = judge(installed(constraint('K8sAllowedRepos', 3)), params, testEnv({ maxOffendersPerCheck: 1 }));
    expect(outcome.summary).toBe('3 audit violations of K8sAllowedRepos');
    expect(outcome.excerpt).toMatchObject({
      totalViolations: 3,
      totalOffenders: 3,
      offenders: [{ object: 'shop/web-0', kind: 'Pod', constraint: 'K8sAllowedRepos/k8sallowedrepos', reason: 'image from an untrusted registry' }],
    });
  });

  it('records the kinds it looks for in its query', () => {
    expect(query({ kinds: ['K8sA', 'K8sB'], purpose: 'x' })).toBe(`${GATEKEEPER_CONSTRAINTS_ENDPOINT} for K8sA, K8sB`);
  });
});
