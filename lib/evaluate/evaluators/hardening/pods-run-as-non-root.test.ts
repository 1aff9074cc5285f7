import { describe, expect, it } from 'vitest';
import type { ContainerSummary, PodSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { podsRunAsNonRoot, rootProblem } from './pods-run-as-non-root';

const { judge } = podsRunAsNonRoot.spec;
const container = (overrides: Partial<ContainerSummary> = {}): ContainerSummary => ({ name: 'app', image: 'app:1', isInit: false, droppedCapabilities: [], env: [], ...overrides });
const pod = (namespace: string, name: string, containers: ContainerSummary[], overrides: Partial<PodSummary> = {}): PodSummary => ({
  namespace,
  name,
  labels: {},
  phase: 'Running',
  containers,
  ...overrides,
});

describe('pods-run-as-non-root', () => {
  it.each([
    { state: 'runAsNonRoot on the container', pods: [pod('shop', 'web', [container({ runAsNonRoot: true })])], expected: 'pass', summary: 'All 1 workload container run as non-root' },
    { state: 'runAsNonRoot on the pod', pods: [pod('shop', 'web', [container()], { runAsNonRoot: true })], expected: 'pass', summary: 'All 1 workload container run as non-root' },
    { state: 'a non-zero runAsUser', pods: [pod('shop', 'web', [container({ runAsUser: 1000 })])], expected: 'pass', summary: 'All 1 workload container run as non-root' },
    {
      state: 'root only in a system namespace',
      pods: [pod('shop', 'web', [container({ runAsNonRoot: true })]), pod('kube-system', 'proxy', [container({ runAsUser: 0 })])],
      expected: 'pass',
      summary: 'All 1 workload container run as non-root',
    },
    {
      state: 'runAsUser 0 and an unset user',
      pods: [pod('shop', 'web', [container({ runAsNonRoot: true })]), pod('payments', 'api', [container({ runAsUser: 0 })]), pod('analytics', 'job', [container()])],
      expected: 'fail',
      summary: '2 of 3 workload containers may run as root',
    },
    { state: 'no workload pods', pods: [pod('kube-system', 'proxy', [container()])], expected: 'not-applicable', summary: 'No running workload containers outside the system namespaces' },
    { state: 'only finished pods', pods: [pod('shop', 'job', [container()], { phase: 'Succeeded' }), pod('shop', 'job2', [container()], { phase: 'Failed' })], expected: 'not-applicable', summary: 'No running workload containers outside the system namespaces' },
  ])('$state → $expected', ({ pods, expected, summary }) => {
    const outcome = judge(pods, {}, testEnv());
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('names pod and container, sorted and capped, with the total', () => {
    const pods = [pod('payments', 'api', [container({ name: 'api', runAsUser: 0 })]), pod('analytics', 'job', [container({ name: 'worker' })])];
    expect(judge(pods, {}, testEnv({ maxOffendersPerCheck: 1 })).excerpt).toEqual({
      checkedContainers: 2,
      offenders: [{ object: 'analytics/job', container: 'worker', reason: 'neither runAsNonRoot: true nor a non-zero runAsUser is set, so the image decides (often root)' }],
      totalOffenders: 2,
    });
  });

  it.each([
    { state: 'container runAsUser 0 beats pod runAsNonRoot', pod: { runAsNonRoot: true }, container: { runAsUser: 0 }, problem: 'runAsUser is 0 (root)' },
    { state: 'container runAsUser beats pod root user', pod: { runAsUser: 0 }, container: { runAsUser: 1000 }, problem: undefined },
    { state: 'runAsNonRoot false without a user', pod: {}, container: { runAsNonRoot: false }, problem: 'neither runAsNonRoot: true nor a non-zero runAsUser is set, so the image decides (often root)' },
  ])('$state', ({ pod: podFields, container: containerFields, problem }) => {
    expect(rootProblem(pod('shop', 'web', [], podFields), container(containerFields))).toBe(problem);
  });
});
