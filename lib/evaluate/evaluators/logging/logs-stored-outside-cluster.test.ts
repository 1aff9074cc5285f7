import { describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../../types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { logsStoredOutsideCluster } from './logs-stored-outside-cluster';

const { judge } = logsStoredOutsideCluster.spec;
const green = { status: 'green' as const, numberOfNodes: 3 };

describe('logs-stored-outside-cluster', () => {
  it.each<{ state: string; cluster?: ClusterFacts; expected: string }>([
    { state: 'a workload cluster logging to the management cluster', cluster: { name: 'wc', role: 'workload', logsStoredIn: 'mc' }, expected: 'pass' },
    { state: 'the management cluster', cluster: { name: 'mc', role: 'management' }, expected: 'pass' },
    { state: 'a workload cluster logging to itself', cluster: { name: 'wc', role: 'workload', logsStoredIn: 'wc' }, expected: 'warn' },
    { state: 'a workload cluster without a log store named', cluster: { name: 'wc', role: 'workload' }, expected: 'warn' },
    { state: 'a cluster without a role', cluster: { name: 'c' }, expected: 'warn' },
    { state: 'no cluster facts', cluster: undefined, expected: 'warn' },
  ])('$state → $expected', ({ cluster, expected }) => {
    expect(judge(green, {}, testEnv({}, { cluster })).status).toBe(expected);
  });

  it('names where the logs are stored', () => {
    const outcome = judge(green, {}, testEnv({}, { cluster: { name: 'wc', role: 'workload', logsStoredIn: 'mc' } }));
    expect(outcome.summary).toBe('Logs are stored in cluster mc, outside this workload cluster');
    expect(outcome.excerpt).toEqual({ cluster: 'wc', role: 'workload', logsStoredIn: 'mc', logStoreStatus: 'green' });
  });
});
