import { z } from 'zod';
import type { PodSummary, TermCount } from '@/lib/sources/types';
import type { CheckOutcome, Offender } from '../../types';
import { defineEvaluator, type EvaluationEnv } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { isSystemNamespace } from '../../rules/names';
import type { CatalogSettings } from '../../settings';

const HOUR_SECONDS = 3_600;

const params = z
  .object({
    /** the indices Fluentd writes container logs to */
    indexPattern: z.string().trim().min(1),
    /** the document field that holds the pod's namespace */
    namespaceField: z.string().trim().min(1),
    /**
     * Bounds the terms aggregation. A namespace beyond it would be reported as silent: a false
     * offender at worst, never a false pass.
     */
    namespaceBuckets: z.number().int().min(1).max(10_000),
  })
  .strict();
type Params = z.infer<typeof params>;

interface Readings {
  pods: PodSummary[];
  /** documents per namespace within the window; empty when no workload pod runs (then nothing is asked) */
  logCounts: TermCount[];
}

/** Running pods per namespace outside the system namespaces: the namespaces that should be logging. */
function runningWorkloadPods(pods: PodSummary[], settings: CatalogSettings): Map<string, number> {
  const perNamespace = new Map<string, number>();
  for (const pod of pods) {
    if (pod.phase !== 'Running' || isSystemNamespace(settings, pod.namespace)) continue;
    perNamespace.set(pod.namespace, (perNamespace.get(pod.namespace) ?? 0) + 1);
  }
  return perNamespace;
}

/** The start of the log window, as the search and the evidence state it. */
function windowStart({ settings, now }: EvaluationEnv): string {
  return new Date(now.getTime() - settings.stdoutLogWindowHours * HOUR_SECONDS * 1000).toISOString();
}

export const namespacesLogToOpenSearch = defineEvaluator({
  name: 'namespaces-log-to-opensearch',
  source: 'opensearch',
  description: 'Every namespace outside the system namespaces that has a running pod has log documents in OpenSearch within the configured window.',
  params,
  reads: ['pods', 'countByTerms'],
  query: ({ indexPattern, namespaceField, namespaceBuckets }: Params) =>
    `POST ${indexPattern}/_search, terms on ${namespaceField} (size ${namespaceBuckets}) over the last 24 h (configurable), compared with GET /api/v1/pods → namespaces with Running pods`,
  read: async (sources, { indexPattern, namespaceField, namespaceBuckets }, env): Promise<Readings> => {
    const pods = await sources.pods();
    // Without workload pods the check is not applicable; OpenSearch is not asked (nor can fail it).
    if (runningWorkloadPods(pods, env.settings).size === 0) return { pods, logCounts: [] };
    const logCounts = await sources.countByTerms(indexPattern, namespaceField, { sinceIso: windowStart(env), size: namespaceBuckets });
    return { pods, logCounts };
  },
  judge: ({ pods, logCounts }, _params, env): CheckOutcome => {
    const { settings } = env;
    const runningPodsPerNamespace = runningWorkloadPods(pods, settings);
    if (runningPodsPerNamespace.size === 0) {
      return { status: 'not-applicable', summary: 'No running workload pods outside the system namespaces', excerpt: { workloadNamespaces: 0 } };
    }
    const windowHours = settings.stdoutLogWindowHours;
    const sinceIso = windowStart(env);
    const namespacesWithLogs = new Set(logCounts.filter((term) => term.count > 0).map((term) => term.key));
    const offenders: Offender[] = [];
    for (const [namespace, runningPods] of runningPodsPerNamespace) {
      if (!namespacesWithLogs.has(namespace)) {
        offenders.push({ object: `namespace ${namespace}`, reason: `${countPhrase(runningPods, 'running pod')}, no log documents in the last ${windowHours} h` });
      }
    }
    const workloadNamespaces = runningPodsPerNamespace.size;
    const excerpt = { workloadNamespaces, windowHours, since: sinceIso, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(workloadNamespaces, 'workload namespace')} logged within ${windowHours} h`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(workloadNamespaces, 'workload namespace')} wrote no logs within ${windowHours} h`, excerpt };
  },
});
