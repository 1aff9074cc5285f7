import type * as k8s from '@kubernetes/client-node';
import type { LabelSelectorSummary, NetworkPolicySummary } from '@/lib/sources/types';

function toSelectorSummary(selector: k8s.V1LabelSelector | undefined): LabelSelectorSummary {
  return {
    matchLabels: selector?.matchLabels ?? {},
    matchExpressions: (selector?.matchExpressions ?? []).map((expression) => ({
      key: expression.key,
      operator: expression.operator,
      values: expression.values ?? [],
    })),
  };
}

function selectsEveryPod(selector: LabelSelectorSummary): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/**
 * The policy types in force. When spec.policyTypes is left out the API applies Ingress always and
 * Egress only when egress rules are present (NetworkPolicySpec documentation).
 */
function effectivePolicyTypes(spec: k8s.V1NetworkPolicySpec | undefined): string[] {
  if (spec?.policyTypes && spec.policyTypes.length > 0) return spec.policyTypes;
  return spec?.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

export function toNetworkPolicySummary(policy: k8s.V1NetworkPolicy): NetworkPolicySummary {
  const podSelector = toSelectorSummary(policy.spec?.podSelector);
  const policyTypes = effectivePolicyTypes(policy.spec);
  const isEveryPod = selectsEveryPod(podSelector);
  return {
    namespace: policy.metadata?.namespace ?? '',
    name: policy.metadata?.name ?? '',
    podSelector,
    policyTypes,
    // a rule list with an empty rule (`ingress: [{}]`) allows everything: only no rules at all denies
    isDefaultDenyIngress: isEveryPod && policyTypes.includes('Ingress') && (policy.spec?.ingress ?? []).length === 0,
    isDefaultDenyEgress: isEveryPod && policyTypes.includes('Egress') && (policy.spec?.egress ?? []).length === 0,
  };
}
