import { describe, expect, it } from 'vitest';
import type { WorkloadSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { logAgentDaemonsetsReady } from './log-agent-daemonsets-ready';

const { judge } = logAgentDaemonsetsReady.spec;
const params = { namePattern: 'fluent(d|-bit)' };
const workload = (name: string, ready: number, desired = 3, kind: WorkloadSummary['kind'] = 'DaemonSet'): WorkloadSummary => ({
  kind,
  namespace: 'fluentd-system',
  name,
  labels: {},
  desired,
  ready,
  images: [],
});

describe('log-agent-daemonsets-ready', () => {
  it.each([
    { state: 'fluentd ready on every node', workloads: [workload('fluentd', 3)], expected: 'pass' },
    { state: 'fluent-bit ready on every node', workloads: [workload('fluent-bit', 5, 5)], expected: 'pass' },
    { state: 'fluentd missing on a node', workloads: [workload('fluentd', 2)], expected: 'fail' },
    { state: 'no log agent at all', workloads: [workload('falco', 3)], expected: 'fail' },
    { state: 'a fluentd Deployment only (not on every node)', workloads: [workload('fluentd', 1, 1, 'Deployment')], expected: 'fail' },
  ])('$state → $expected', ({ workloads, expected }) => {
    expect(judge(workloads, params, testEnv()).status).toBe(expected);
  });

  it('names the DaemonSet and how many nodes it misses', () => {
    const outcome = judge([workload('fluentd', 2)], params, testEnv());
    expect(outcome.summary).toBe('Log agents are missing on some nodes: fluentd-system/fluentd 2 of 3 ready');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'fluentd-system/fluentd', reason: '2 of 3 ready' }]);
  });

  it('finds agents by the namePattern param', () => {
    expect(judge([workload('vector', 3)], { namePattern: '^vector$' }, testEnv()).status).toBe('pass');
  });
});
