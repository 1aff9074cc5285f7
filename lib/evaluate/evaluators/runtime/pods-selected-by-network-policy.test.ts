import { describe, expect, it } from 'vitest';
import type { NetworkPolicySummary, PodSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { podsSelectedByNetworkPolicy } from './pods-selected-by-network-policy';

const { judge } = podsSelectedByNetworkPolicy.spec;
const pod = (namespace: string, name: string, labels: Record<string, string>, phase = 'Running'): PodSummary => ({ namespace, name, labels, phase, containers: [] });
const policy = (namespace: string, matchLabels: Record<string, string>): NetworkPolicySummary => ({
  namespace,
  name: 'p',
  podSelector: { matchLabels, matchExpressions: [] },
  policyTypes: ['Ingress'],
  isDefaultDenyIngress: false,
});
const web = pod('shop', 'web-1', { app: 'web' });
const db = pod('shop', 'db-0', { app: 'db' });

describe('pods-selected-by-network-policy', () => {
  it.each([
    { state: 'every workload pod selected', pods: [web], policies: [policy('shop', { app: 'web' })], expected: 'pass' },
    { state: 'a namespace-wide policy selects all', pods: [web, db], policies: [policy('shop', {})], expected: 'pass' },
    { state: 'a pod no policy selects', pods: [web, db], policies: [policy('shop', { app: 'web' })], expected: 'fail' },
    { state: 'a policy of another namespace does not count', pods: [web], policies: [policy('other', {})], expected: 'fail' },
    { state: 'finished pods do not count', pods: [web, pod('shop', 'job-1', {}, 'Succeeded'), pod('shop', 'job-2', {}, 'Failed')], policies: [policy('shop', { app: 'web' })], expected: 'pass' },
    { state: 'system pods only', pods: [pod('kube-system', 'dns', {})], policies: [], expected: 'not-applicable' },
    { state: 'no pods', pods: [], policies: [], expected: 'not-applicable' },
  ])('$state → $expected', ({ pods, policies, expected }) => {
    expect(judge({ pods, policies }, {}, testEnv()).status).toBe(expected);
  });

  it('names the unselected pods', () => {
    const outcome = judge({ pods: [web, db], policies: [policy('shop', { app: 'web' })] }, {}, testEnv());
    expect(outcome.summary).toBe('1 of 2 workload pods are not selected by any NetworkPolicy');
    expect(outcome.excerpt).toEqual({ pods: 2, policies: 1, offenders: [{ object: 'shop/db-0', reason: 'no NetworkPolicy selects this pod' }], totalOffenders: 1 });
  });

  it('takes the system namespaces from the settings', () => {
    expect(judge({ pods: [db], policies: [] }, {}, testEnv({ systemNamespaces: ['shop'] })).status).toBe('not-applicable');
  });
});
