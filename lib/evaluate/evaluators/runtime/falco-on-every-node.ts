import { z } from 'zod';
import type { WorkloadSummary } from '@/lib/sources/types';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders } from '../../offenders';
import { regexSource } from '../../rules/patterns';

const params = z
  .object({
    /** DaemonSets whose name matches this regular expression run Falco… */
    namePattern: regexSource,
    /** …unless it also matches this one (falcosidekick, exporters: they do not watch nodes) */
    excludePattern: regexSource,
  })
  .strict();

export const falcoOnEveryNode = defineEvaluator({
  name: 'falco-on-every-node',
  source: 'kubernetes',
  description: 'A Falco DaemonSet (name matching namePattern and not excludePattern) exists and is ready on every node it is scheduled to.',
  params,
  reads: ['workloads'],
  query: () => 'GET /apis/apps/v1/daemonsets → falco: status.numberReady vs status.desiredNumberScheduled',
  read: async (sources): Promise<WorkloadSummary[]> => sources.workloads(),
  judge: (workloads, { namePattern, excludePattern }, { settings }) => {
    const isFalco = new RegExp(namePattern);
    const isExcluded = new RegExp(excludePattern);
    const falco = workloads.filter((workload) => workload.kind === 'DaemonSet' && isFalco.test(workload.name) && !isExcluded.test(workload.name));
    if (falco.length === 0) return { status: 'fail', summary: 'No Falco DaemonSet: nothing watches containers at run time', excerpt: { daemonSets: 0 } };
    const offenders: Offender[] = falco
      .filter((set) => set.ready < set.desired)
      .map((set) => ({ object: `${set.namespace}/${set.name}`, reason: `${set.ready} of ${set.desired} nodes covered` }));
    const excerpt = {
      daemonSets: falco.map((set) => ({ name: `${set.namespace}/${set.name}`, desired: set.desired, ready: set.ready })),
      ...capOffenders(offenders, settings.maxOffendersPerCheck),
    };
    return offenders.length === 0
      ? { status: 'pass', summary: `Falco covers every node (${falco.map((set) => `${set.ready}/${set.desired}`).join(', ')})`, excerpt }
      : { status: 'fail', summary: `Falco is missing on some nodes: ${offenders.map((offender) => offender.reason).join(', ')}`, excerpt };
  },
});
