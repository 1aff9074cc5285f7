import { z } from 'zod';
import type { NetworkPolicySummary, PodSummary } from '@/lib/sources/types';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { isSystemNamespace } from '../../rules/names';
import { selects } from '../../selectors';

interface Readings {
  pods: PodSummary[];
  policies: NetworkPolicySummary[];
}

export const podsSelectedByNetworkPolicy = defineEvaluator({
  name: 'pods-selected-by-network-policy',
  source: 'kubernetes',
  description: 'Every running pod outside the system namespaces (setting systemNamespaces) is selected by at least one NetworkPolicy of its namespace.',
  params: z.object({}).strict(),
  reads: ['pods', 'networkPolicies'],
  query: () => 'GET /api/v1/pods and GET /apis/networking.k8s.io/v1/networkpolicies → each pod matched by a podSelector in its namespace',
  read: async (sources): Promise<Readings> => {
    const [pods, policies] = await Promise.all([sources.pods(), sources.networkPolicies()]);
    return { pods, policies };
  },
  judge: ({ pods, policies }, _params, { settings }) => {
    const workloadPods = pods.filter((pod) => !isSystemNamespace(settings, pod.namespace) && pod.phase !== 'Succeeded' && pod.phase !== 'Failed');
    if (workloadPods.length === 0) return { status: 'not-applicable', summary: 'No running workload pods', excerpt: { pods: 0 } };
    const policiesByNamespace = new Map<string, NetworkPolicySummary[]>();
    for (const policy of policies) policiesByNamespace.set(policy.namespace, [...(policiesByNamespace.get(policy.namespace) ?? []), policy]);
    const offenders: Offender[] = workloadPods
      .filter((pod) => !(policiesByNamespace.get(pod.namespace) ?? []).some((policy) => selects(policy.podSelector, pod.labels)))
      .map((pod) => ({ object: `${pod.namespace}/${pod.name}`, reason: 'no NetworkPolicy selects this pod' }));
    const excerpt = { pods: workloadPods.length, policies: policies.length, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(workloadPods.length, 'workload pod')} are selected by a NetworkPolicy`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(workloadPods.length, 'workload pod')} are not selected by any NetworkPolicy`, excerpt };
  },
});
