import { z } from 'zod';
import type { ClusterRoleBindingSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { matchesWildcard } from '../../rules/names';
import type { Offender } from '../../types';

export const clusterAdminBindings = defineEvaluator({
  name: 'cluster-admin-bindings',
  source: 'kubernetes',
  description: 'Every subject bound to cluster-admin is on the allow-list (allowedClusterAdminSubjects).',
  params: z.object({}).strict(),
  reads: ['clusterRoleBindings'],
  query: () => 'GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings → roleRef.name == "cluster-admin" → subjects',
  read: async (sources): Promise<ClusterRoleBindingSummary[]> => sources.clusterRoleBindings(),
  judge: (allBindings, _params, { settings }) => {
    const bindings = allBindings.filter((binding) => binding.roleName === 'cluster-admin');
    const allowed = settings.allowedClusterAdminSubjects;
    const offenders: Offender[] = [];
    let subjects = 0;
    for (const binding of bindings) {
      for (const subject of binding.subjects) {
        subjects++;
        const id = subject.kind === 'ServiceAccount' ? `ServiceAccount:${subject.namespace ?? ''}/${subject.name}` : `${subject.kind}:${subject.name}`;
        if (!allowed.some((pattern) => matchesWildcard(pattern, id))) offenders.push({ object: id, binding: binding.name, reason: 'holds cluster-admin and is not on the allow-list' });
      }
    }
    if (bindings.length === 0) {
      return { status: 'unknown', summary: 'No cluster-admin binding is visible: check the account may list ClusterRoleBindings', excerpt: { bindings: 0 } };
    }
    const excerpt = { bindings: bindings.length, subjects, allowed, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(subjects, 'cluster-admin subject')} are expected`, excerpt }
      : { status: 'fail', summary: `${countPhrase(offenders.length, 'unexpected subject')} hold cluster-admin`, excerpt };
  },
});
