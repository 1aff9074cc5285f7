import { z } from 'zod';
import type { NetworkPolicySummary, PodSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { isSystemNamespace } from '../../rules/names';
import type { Offender } from '../../types';

export const namespacesDefaultDeny = defineEvaluator({
  name: 'namespaces-default-deny',
  source: 'kubernetes',
  description: 'Every workload namespace with running pods has a default-deny ingress NetworkPolicy.',
  params: z.object({}).strict(),
  reads: ['pods', 'networkPolicies'],
  query: () => 'GET /apis/networking.k8s.io/v1/networkpolicies → podSelector {} with policyTypes Ingress and no ingress rules, per namespace',
  read: async (sources): Promise<{ pods: PodSummary[]; policies: NetworkPolicySummary[] }> => {
    const [pods, policies] = await Promise.all([sources.pods(), sources.networkPolicies()]);
    return { pods, policies };
  },
  judge: ({ pods, policies }, _params, { settings }) => {
    const namespaces = [...new Set(pods.filter((pod) => !isSystemNamespace(settings, pod.namespace)).map((pod) => pod.namespace))].sort();
    if (namespaces.length === 0) return { status: 'not-applicable', summary: 'No workload namespaces with pods', excerpt: { namespaces: 0 } };
    const withDefaultDeny = new Set(policies.filter((policy) => policy.isDefaultDenyIngress).map((policy) => policy.namespace));
    const offenders: Offender[] = namespaces.filter((namespace) => !withDefaultDeny.has(namespace)).map((namespace) => ({ object: `namespace ${namespace}`, reason: 'no default-deny ingress policy' }));
    const excerpt = { namespaces: namespaces.length, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(namespaces.length, 'workload namespace')} deny ingress by default`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(namespaces.length, 'workload namespace')} have no default-deny policy`, excerpt };
  },
});
