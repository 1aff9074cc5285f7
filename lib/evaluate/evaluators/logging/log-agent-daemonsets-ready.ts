import { z } from 'zod';
import type { WorkloadSummary } from '@/lib/sources/types';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders } from '../../offenders';
import { regexSource } from '../../rules/patterns';

const params = z
  .object({
    /** DaemonSets whose name matches this regular expression are log agents */
    namePattern: regexSource,
  })
  .strict();

export const logAgentDaemonsetsReady = defineEvaluator({
  name: 'log-agent-daemonsets-ready',
  source: 'kubernetes',
  description: 'A log-agent DaemonSet (name matching namePattern, e.g. fluentd or fluent-bit) exists and is ready on every node it is scheduled to.',
  params,
  reads: ['workloads'],
  query: () => 'GET /apis/apps/v1/daemonsets → fluentd/fluent-bit: status.numberReady vs status.desiredNumberScheduled',
  read: async (sources): Promise<WorkloadSummary[]> => sources.workloads(),
  judge: (workloads, { namePattern }, { settings }) => {
    const isLogAgent = new RegExp(namePattern);
    const agents = workloads.filter((workload) => workload.kind === 'DaemonSet' && isLogAgent.test(workload.name));
    if (agents.length === 0) return { status: 'fail', summary: 'No fluentd or fluent-bit DaemonSet: logs are not collected', excerpt: { daemonSets: 0 } };
    const offenders: Offender[] = agents
      .filter((agent) => agent.ready < agent.desired)
      .map((agent) => ({ object: `${agent.namespace}/${agent.name}`, reason: `${agent.ready} of ${agent.desired} ready` }));
    const excerpt = {
      daemonSets: agents.map((agent) => ({ name: `${agent.namespace}/${agent.name}`, desired: agent.desired, ready: agent.ready })),
      ...capOffenders(offenders, settings.maxOffendersPerCheck),
    };
    return offenders.length === 0
      ? { status: 'pass', summary: `Log agents are ready on every node (${agents.map((agent) => `${agent.ready}/${agent.desired}`).join(', ')})`, excerpt }
      : { status: 'fail', summary: `Log agents are missing on some nodes: ${offenders.map((offender) => `${offender.object} ${offender.reason}`).join(', ')}`, excerpt };
  },
});
