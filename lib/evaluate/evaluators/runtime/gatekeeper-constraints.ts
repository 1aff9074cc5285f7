import { z } from 'zod';
import type { CustomResourceList, GatekeeperConstraintSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { gatekeeperConstraintsQuery, judgeConstraintKinds } from '../../rules/gatekeeper';

const params = z
  .object({
    /** constraint kinds that enforce the rule, e.g. ["K8sAllowedRepos"] */
    kinds: z.array(z.string().trim().min(1)).min(1),
    /** completes "nothing enforces …", e.g. "the trusted registry" */
    purpose: z.string().trim().min(1),
  })
  .strict();

export const gatekeeperConstraints = defineEvaluator({
  name: 'gatekeeper-constraints',
  source: 'kubernetes',
  description: 'Gatekeeper constraints of the given kinds exist, enforce (deny) and have no audit violations; warn or dryrun only reports.',
  params,
  reads: ['gatekeeperConstraints'],
  query: ({ kinds }) => gatekeeperConstraintsQuery(kinds),
  read: async (sources): Promise<CustomResourceList<GatekeeperConstraintSummary>> => sources.gatekeeperConstraints(),
  judge: (constraints, { kinds, purpose }, { settings }) => judgeConstraintKinds(constraints, { kinds, purpose }, settings.maxOffendersPerCheck),
});
