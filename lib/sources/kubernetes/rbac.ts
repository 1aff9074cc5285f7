import type * as k8s from '@kubernetes/client-node';
import type { ClusterRoleBindingSummary } from '@/lib/sources/types';

export function toClusterRoleBindingSummary(binding: k8s.V1ClusterRoleBinding): ClusterRoleBindingSummary {
  return {
    name: binding.metadata?.name ?? '',
    roleName: binding.roleRef.name,
    subjects: (binding.subjects ?? []).map((subject) => ({
      kind: subject.kind,
      name: subject.name,
      ...(subject.namespace ? { namespace: subject.namespace } : {}),
    })),
  };
}
