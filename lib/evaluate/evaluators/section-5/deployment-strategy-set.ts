import { z } from 'zod';
import type { WorkloadSummary } from '@/lib/sources/types';
import type { CheckOutcome, Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { isSystemNamespace } from '../../rules/names';
import { hasToolDeployment, WORKLOADS_ENDPOINT } from '../../rules/workloads';

export const deploymentStrategySet = defineEvaluator({
  name: 'deployment-strategy-set',
  source: 'kubernetes',
  description: 'Every workload Deployment has a strategy type, and not all of them use Recreate; otherwise warn (informational, never a failure).',
  params: z.object({}).strict(),
  reads: ['workloads'],
  query: () => `${WORKLOADS_ENDPOINT} → Deployments outside the system namespaces, spec.strategy.type; Argo Rollouts Deployment presence`,
  read: async (sources): Promise<WorkloadSummary[]> => sources.workloads(),
  judge: (workloads, _params, { settings }): CheckOutcome => {
    const isArgoRolloutsInstalled = hasToolDeployment(workloads, 'argo-rollouts');
    const deployments = workloads.filter((workload) => workload.kind === 'Deployment' && !isSystemNamespace(settings, workload.namespace));
    if (deployments.length === 0) {
      return { status: 'not-applicable', summary: 'No Deployments outside the system namespaces', excerpt: { deployments: 0, isArgoRolloutsInstalled } };
    }
    const strategyCounts: Record<string, number> = {};
    const offenders: Offender[] = [];
    for (const deployment of deployments) {
      const strategy = deployment.strategyType ?? 'unset';
      strategyCounts[strategy] = (strategyCounts[strategy] ?? 0) + 1;
      if (deployment.strategyType === undefined) offenders.push({ object: `${deployment.namespace}/${deployment.name}`, reason: 'no strategy type reported' });
    }
    const excerpt = { deployments: deployments.length, strategyCounts, isArgoRolloutsInstalled, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    const rolloutsNote = isArgoRolloutsInstalled ? '; Argo Rollouts is installed' : '';
    if (offenders.length > 0) {
      return { status: 'warn', summary: `${offenders.length} of ${countPhrase(deployments.length, 'workload Deployment')} report no strategy${rolloutsNote}`, excerpt };
    }
    if (strategyCounts.Recreate === deployments.length) {
      return { status: 'warn', summary: `All ${countPhrase(deployments.length, 'workload Deployment')} use Recreate: every release stops the old version first${rolloutsNote}`, excerpt };
    }
    const breakdown = Object.entries(strategyCounts)
      .map(([strategy, count]) => `${count} ${strategy}`)
      .join(', ');
    return { status: 'pass', summary: `All ${countPhrase(deployments.length, 'workload Deployment')} have a strategy (${breakdown})${rolloutsNote}`, excerpt };
  },
});
