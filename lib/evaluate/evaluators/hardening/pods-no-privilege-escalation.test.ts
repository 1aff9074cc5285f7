import { describe, expect, it } from 'vitest';
import type { ContainerSummary, PodSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { podsNoPrivilegeEscalation } from './pods-no-privilege-escalation';

const { judge } = podsNoPrivilegeEscalation.spec;
const container = (overrides: Partial<ContainerSummary> = {}): ContainerSummary => ({ name: 'app', image: 'app:1', isInit: false, droppedCapabilities: [], env: [], ...overrides });
const pod = (namespace: string, name: string, containers: ContainerSummary[]): PodSummary => ({ namespace, name, labels: {}, phase: 'Running', containers });
const locked = { allowPrivilegeEscalation: false };

describe('pods-no-privilege-escalation', () => {
  it.each([
    { state: 'escalation off everywhere', pods: [pod('shop', 'web', [container(locked), container({ ...locked, name: 'sidecar' })])], expected: 'pass', summary: 'All 2 workload containers forbid privilege escalation' },
    { state: 'privileged only in a system namespace', pods: [pod('shop', 'web', [container(locked)]), pod('falco', 'falco', [container({ privileged: true })])], expected: 'pass', summary: 'All 1 workload container forbid privilege escalation' },
    { state: 'escalation unset (Kubernetes allows it)', pods: [pod('shop', 'web', [container()])], expected: 'fail', summary: '1 of 1 workload container can escalate privileges or run privileged' },
    { state: 'privileged with escalation off', pods: [pod('shop', 'web', [container(locked)]), pod('shop', 'debug', [container({ ...locked, privileged: true })])], expected: 'fail', summary: '1 of 2 workload containers can escalate privileges or run privileged' },
    { state: 'no workload pods', pods: [], expected: 'not-applicable', summary: 'No running workload containers outside the system namespaces' },
  ])('$state → $expected', ({ pods, expected, summary }) => {
    const outcome = judge(pods, {}, testEnv());
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('says why each container offends', () => {
    const pods = [pod('shop', 'web', [container({ allowPrivilegeEscalation: true })]), pod('shop', 'debug', [container({ ...locked, privileged: true })])];
    expect(judge(pods, {}, testEnv()).excerpt.offenders).toEqual([
      { object: 'shop/debug', container: 'app', reason: 'privileged: true' },
      { object: 'shop/web', container: 'app', reason: 'allowPrivilegeEscalation is not false' },
    ]);
  });
});
