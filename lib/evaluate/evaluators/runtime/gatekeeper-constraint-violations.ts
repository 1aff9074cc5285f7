import { z } from 'zod';
import type { CustomResourceList, GatekeeperConstraintSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { judgeConstraints } from '../../rules/gatekeeper';

export const gatekeeperConstraintViolations = defineEvaluator({
  name: 'gatekeeper-constraint-violations',
  source: 'kubernetes',
  description: 'Gatekeeper is installed with at least one constraint; every constraint enforces (deny) and its audit found 0 violations; warn or dryrun constraints warn.',
  params: z.object({}).strict(),
  reads: ['gatekeeperConstraints'],
  query: () => 'GET /apis/constraints.gatekeeper.sh/v1beta1/{kind} for every constraint kind → spec.enforcementAction, status.totalViolations, status.violations',
  read: async (sources): Promise<CustomResourceList<GatekeeperConstraintSummary>> => sources.gatekeeperConstraints(),
  judge: (constraints, _params, { settings }) => {
    if (!constraints.isInstalled) return { status: 'fail', summary: 'Gatekeeper is not installed: no admission policy is enforced', excerpt: { isInstalled: false } };
    if (constraints.items.length === 0) return { status: 'fail', summary: 'Gatekeeper has no constraints', excerpt: { constraints: 0 } };
    return judgeConstraints(constraints.items, settings.maxOffendersPerCheck);
  },
});
