import { describe, expect, it } from 'vitest';
import type { WorkloadSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { networkFlowToolReady } from './network-flow-tool-ready';

const { judge } = networkFlowToolReady.spec;
const workload = (name: string, overrides: Partial<WorkloadSummary> = {}): WorkloadSummary => ({
  kind: 'Deployment',
  namespace: 'observability',
  name,
  labels: {},
  desired: 1,
  ready: 1,
  images: [],
  ...overrides,
});

describe('network-flow-tool-ready', () => {
  it.each([
    { state: 'a ready jaeger Deployment', workloads: [workload('jaeger-query')], expected: 'pass' },
    { state: 'a Deployment labelled part-of jaeger', workloads: [workload('collector', { labels: { 'app.kubernetes.io/part-of': 'jaeger' } })], expected: 'pass' },
    { state: 'a jaeger Deployment not ready', workloads: [workload('jaeger', { desired: 2, ready: 1 })], expected: 'warn' },
    { state: 'a jaeger Deployment scaled to zero', workloads: [workload('jaeger', { desired: 0, ready: 0 })], expected: 'warn' },
    { state: 'only a jaeger DaemonSet', workloads: [workload('jaeger-agent', { kind: 'DaemonSet' })], expected: 'warn' },
    { state: 'no flow tool at all', workloads: [workload('jaegerish')], expected: 'warn' },
  ])('$state → $expected', ({ workloads, expected }) => {
    expect(judge(workloads, {}, testEnv()).status).toBe(expected);
  });

  it('looks for the configured tool names', () => {
    const outcome = judge([workload('hubble-relay')], {}, testEnv({ networkFlowToolNames: ['jaeger', 'hubble-relay'] }));
    expect(outcome.status).toBe('pass');
    expect(outcome.summary).toBe('1 network-flow Deployment ready (tracing covers instrumented application traffic, not every flow)');
  });

  it('names the Deployment that is not ready', () => {
    const outcome = judge([workload('jaeger', { desired: 2, ready: 1 })], {}, testEnv());
    expect(outcome.excerpt).toEqual({
      toolNames: ['jaeger'],
      found: [{ object: 'observability/jaeger', ready: 1, desired: 2 }],
      totalOffenders: 1,
      offenders: [{ object: 'observability/jaeger', reason: '1 of 2 replicas ready' }],
    });
  });
});
