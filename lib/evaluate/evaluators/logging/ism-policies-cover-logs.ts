import { z } from 'zod';
import type { IsmPolicySummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { countPhrase } from '../../offenders';

const params = z
  .object({
    /** a policy covers the logs when one of its ism_template index patterns starts with this */
    indexPrefix: z.string().trim().min(1),
  })
  .strict();

export const ismPoliciesCoverLogs = defineEvaluator({
  name: 'ism-policies-cover-logs',
  source: 'opensearch',
  description: 'At least one ISM policy applies to the log indices with the given prefix; policies for other indices only warn, none at all fails.',
  params,
  reads: ['ismPolicies'],
  query: () => 'GET /_plugins/_ism/policies → policy ids, ism_template index patterns, delete transitions',
  read: async (sources): Promise<IsmPolicySummary[]> => sources.ismPolicies(),
  judge: (policies, { indexPrefix }) => {
    const covering = policies.filter((policy) => policy.indexPatterns.some((pattern) => pattern.startsWith(indexPrefix)));
    const excerpt = { policies: policies.map((policy) => ({ id: policy.id, indexPatterns: policy.indexPatterns, deleteAfterDays: policy.deleteAfterDays ?? null })) };
    if (policies.length === 0) return { status: 'fail', summary: 'No ISM policy: log indices are never rolled over or deleted', excerpt };
    return covering.length > 0
      ? { status: 'pass', summary: `${countPhrase(policies.length, 'ISM policy', 'ISM policies')}, covering the ${indexPrefix} indices`, excerpt }
      : { status: 'warn', summary: `${countPhrase(policies.length, 'ISM policy', 'ISM policies')}, none for the ${indexPrefix} indices`, excerpt };
  },
});
