import { describe, expect, it } from 'vitest';
import type { WorkloadSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { deploymentStrategySet } from './deployment-strategy-set';

const { judge } = deploymentStrategySet.spec;
const deployment = (namespace: string, name: string, strategyType: string | undefined): WorkloadSummary => ({
  kind: 'Deployment',
  namespace,
  name,
  labels: {},
  desired: 1,
  ready: 1,
  images: [],
  ...(strategyType === undefined ? {} : { strategyType }),
});
const argoRollouts = deployment('argo-rollouts', 'argo-rollouts', 'RollingUpdate');

describe('deployment-strategy-set', () => {
  it.each([
    { state: 'rolling and recreate mixed', workloads: [deployment('shop', 'web', 'RollingUpdate'), deployment('shop', 'db', 'Recreate')], expected: 'pass' },
    { state: 'every Deployment Recreate', workloads: [deployment('shop', 'web', 'Recreate'), deployment('kube-system', 'dns', 'RollingUpdate')], expected: 'warn' },
    { state: 'a Deployment without a strategy', workloads: [deployment('shop', 'web', undefined), deployment('shop', 'api', 'RollingUpdate')], expected: 'warn' },
    { state: 'Deployments only in system namespaces', workloads: [deployment('kube-system', 'dns', 'RollingUpdate')], expected: 'not-applicable' },
  ])('$state → $expected', ({ workloads, expected }) => {
    expect(judge(workloads, {}, testEnv()).status).toBe(expected);
  });

  it('breaks the strategies down and notes Argo Rollouts', () => {
    const outcome = judge([deployment('shop', 'web', 'RollingUpdate'), deployment('shop', 'db', 'Recreate'), argoRollouts], {}, testEnv());
    expect(outcome.summary).toBe('All 3 workload Deployments have a strategy (2 RollingUpdate, 1 Recreate); Argo Rollouts is installed');
    expect(outcome.excerpt).toEqual({ deployments: 3, strategyCounts: { RollingUpdate: 2, Recreate: 1 }, isArgoRolloutsInstalled: true, offenders: [], totalOffenders: 0 });
  });

  it('names the Deployment that reports no strategy', () => {
    const outcome = judge([deployment('shop', 'web', undefined), deployment('shop', 'api', 'RollingUpdate')], {}, testEnv());
    expect(outcome.summary).toBe('1 of 2 workload Deployments report no strategy');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'shop/web', reason: 'no strategy type reported' }]);
  });
});
