import { z } from 'zod';
import type { WorkloadSummary } from '@/lib/sources/types';
import type { CheckOutcome, Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { isTool, WORKLOADS_ENDPOINT } from '../../rules/workloads';

export const networkFlowToolReady = defineEvaluator({
  name: 'network-flow-tool-ready',
  source: 'kubernetes',
  description: 'A Deployment of a configured network-flow tool (setting networkFlowToolNames) exists and all its replicas are ready; none present → warn.',
  params: z.object({}).strict(),
  reads: ['workloads'],
  query: () => `${WORKLOADS_ENDPOINT} → Deployments named after a network-flow tool (default jaeger), spec.replicas, status.readyReplicas`,
  read: async (sources): Promise<WorkloadSummary[]> => sources.workloads(),
  judge: (workloads, _params, { settings }): CheckOutcome => {
    const toolNames = settings.networkFlowToolNames;
    const deployments = workloads.filter((workload) => workload.kind === 'Deployment' && toolNames.some((toolName) => isTool(workload, toolName)));
    const found = deployments.map((deployment) => ({ object: `${deployment.namespace}/${deployment.name}`, ready: deployment.ready, desired: deployment.desired }));
    if (deployments.length === 0) {
      // Warn, not fail: flow analysis is advice in Section 5, and a tracing tool covers only
      // application traffic anyway.
      return { status: 'warn', summary: `No network-flow tool (${toolNames.join(', ')}) is deployed: flows between components cannot be analysed`, excerpt: { toolNames, found } };
    }
    const offenders: Offender[] = deployments
      .filter((deployment) => deployment.desired === 0 || deployment.ready < deployment.desired)
      .map((deployment) => ({ object: `${deployment.namespace}/${deployment.name}`, reason: `${deployment.ready} of ${deployment.desired} replicas ready` }));
    const excerpt = { toolNames, found, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    if (offenders.length > 0) {
      return { status: 'warn', summary: `${offenders.length} of ${countPhrase(deployments.length, 'network-flow Deployment')} not ready`, excerpt };
    }
    return {
      status: 'pass',
      summary: `${countPhrase(deployments.length, 'network-flow Deployment')} ready (tracing covers instrumented application traffic, not every flow)`,
      excerpt,
    };
  },
});
