import { describe, expect, it } from 'vitest';
import type { WorkloadSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { falcoOnEveryNode } from './falco-on-every-node';

const { judge } = falcoOnEveryNode.spec;
const params = { namePattern: '^falco(-|$)', excludePattern: 'sidekick|exporter' };
const daemonSet = (name: string, ready: number, desired = 3): WorkloadSummary => ({ kind: 'DaemonSet', namespace: 'falco', name, labels: {}, desired, ready, images: [] });

describe('falco-on-every-node', () => {
  it.each([
    { state: 'falco on every node', workloads: [daemonSet('falco', 3)], expected: 'pass' },
    { state: 'a broken falcosidekick is not Falco', workloads: [daemonSet('falco', 3), daemonSet('falco-falcosidekick', 0)], expected: 'pass' },
    { state: 'falco missing on a node', workloads: [daemonSet('falco', 2)], expected: 'fail' },
    { state: 'only an exporter', workloads: [daemonSet('falco-exporter', 3)], expected: 'fail' },
    { state: 'no DaemonSet at all', workloads: [], expected: 'fail' },
  ])('$state → $expected', ({ workloads, expected }) => {
    expect(judge(workloads, params, testEnv()).status).toBe(expected);
  });

  it('says how many nodes each DaemonSet covers', () => {
    expect(judge([daemonSet('falco', 3)], params, testEnv()).summary).toBe('Falco covers every node (3/3)');
    const outcome = judge([daemonSet('falco-modern', 1)], params, testEnv());
    expect(outcome.summary).toBe('Falco is missing on some nodes: 1 of 3 nodes covered');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'falco/falco-modern', reason: '1 of 3 nodes covered' }]);
  });
});
