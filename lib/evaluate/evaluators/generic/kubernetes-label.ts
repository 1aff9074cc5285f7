import { z } from 'zod';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { isSystemNamespace } from '../../rules/names';
import type { SourceReaders } from '../../source-readers';
import type { Offender } from '../../types';

const LISTS = ['namespaces', 'nodes', 'pods', 'workloads'] as const;
type ListName = (typeof LISTS)[number];

interface LabelledObject {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
}

async function listObjects(sources: SourceReaders, list: ListName): Promise<LabelledObject[]> {
  switch (list) {
    case 'namespaces':
      return (await sources.namespaces()).map((namespace) => ({ name: `namespace ${namespace.name}`, namespace: namespace.name, labels: namespace.labels }));
    case 'nodes':
      return (await sources.nodes()).map((node) => ({ name: `node ${node.name}`, labels: {} }));
    case 'pods':
      return (await sources.pods()).map((pod) => ({ name: `${pod.namespace}/${pod.name}`, namespace: pod.namespace, labels: pod.labels }));
    case 'workloads':
      return (await sources.workloads()).map((workload) => ({ name: `${workload.kind} ${workload.namespace}/${workload.name}`, namespace: workload.namespace, labels: workload.labels }));
  }
}

/** An organisation's own labelling rule: every listed object carries a label (optionally with a value). */
export const kubernetesLabel = defineEvaluator({
  name: 'kubernetes-label',
  source: 'kubernetes',
  description: 'Every listed namespace, node, pod or workload (outside the system namespaces) carries a label, optionally with a given value.',
  params: z
    .object({
      list: z.enum(LISTS),
      requireLabel: z.string().trim().min(1),
      value: z.string().trim().min(1).optional(),
      excludeSystemNamespaces: z.boolean().default(true),
      failStatus: z.enum(['fail', 'warn']).default('fail'),
    })
    .strict(),
  reads: ['namespaces', 'nodes', 'pods', 'workloads'],
  query: (params) => `list ${params.list} → metadata.labels["${params.requireLabel}"]`,
  read: (sources, params) => listObjects(sources, params.list),
  judge: (all, params, { settings }) => {
    const singular = params.list.replace(/s$/, '');
    const wanted = params.value === undefined ? `label ${params.requireLabel}` : `label ${params.requireLabel}=${params.value}`;
    const objects = all.filter((object) => !params.excludeSystemNamespaces || object.namespace === undefined || !isSystemNamespace(settings, object.namespace));
    if (objects.length === 0) return { status: 'not-applicable', summary: `No ${params.list} to check`, excerpt: { objects: 0 } };
    const offenders: Offender[] = objects
      .filter((object) => (params.value === undefined ? object.labels[params.requireLabel] === undefined : object.labels[params.requireLabel] !== params.value))
      .map((object) => ({ object: object.name, reason: `missing ${wanted}` }));
    const excerpt = { objects: objects.length, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(objects.length, singular)} carry ${wanted}`, excerpt }
      : { status: params.failStatus, summary: `${offenders.length} of ${countPhrase(objects.length, singular)} lack ${wanted}`, excerpt };
  },
});
