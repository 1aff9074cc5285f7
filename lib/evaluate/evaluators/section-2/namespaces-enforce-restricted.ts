import { z } from 'zod';
import type { NamespaceSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { isSystemNamespace } from '../../rules/names';
import type { Offender } from '../../types';

export const namespacesEnforceRestricted = defineEvaluator({
  name: 'namespaces-enforce-restricted',
  source: 'kubernetes',
  description: 'Every workload namespace carries the Pod Security admission label `label` set to restricted.',
  params: z.object({ label: z.string().min(1) }).strict(),
  reads: ['namespaces'],
  query: (params) => `GET /api/v1/namespaces → metadata.labels["${params.label}"]`,
  read: async (sources): Promise<NamespaceSummary[]> => sources.namespaces(),
  judge: (all, params, { settings }) => {
    const namespaces = all.filter((namespace) => !isSystemNamespace(settings, namespace.name));
    if (namespaces.length === 0) return { status: 'not-applicable', summary: 'No workload namespaces', excerpt: { namespaces: 0 } };
    const offenders: Offender[] = [];
    let baselineCount = 0;
    for (const namespace of namespaces) {
      const level = namespace.labels[params.label];
      if (level === 'restricted') continue;
      if (level === 'baseline') baselineCount++;
      offenders.push({ object: `namespace ${namespace.name}`, reason: level ? `enforces ${level}` : 'no enforce label' });
    }
    const excerpt = { namespaces: namespaces.length, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    if (offenders.length === 0) return { status: 'pass', summary: `All ${countPhrase(namespaces.length, 'workload namespace')} enforce restricted`, excerpt };
    const status = baselineCount === offenders.length ? 'warn' : 'fail';
    return { status, summary: `${offenders.length} of ${countPhrase(namespaces.length, 'workload namespace')} do not enforce restricted`, excerpt };
  },
});
