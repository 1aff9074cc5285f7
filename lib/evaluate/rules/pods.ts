import type { ContainerSummary, PodSummary } from '@/lib/sources/types';
import { capOffenders, countPhrase } from '../offenders';
import type { CatalogSettings } from '../settings';
import type { CheckOutcome, Offender } from '../types';
import { isSystemNamespace } from './names';

/** What the pod evaluators read, as their evidence records it. */
export const PODS_ENDPOINT = 'GET /api/v1/pods (all namespaces, paginated with limit/continue)';

/** One container of a running workload pod. */
export interface WorkloadContainer {
  pod: PodSummary;
  container: ContainerSummary;
}

/**
 * The containers the hardening rules apply to: outside the system namespaces (the platform's own
 * components are privileged by design) and of pods that have not finished.
 */
export function workloadContainers(pods: PodSummary[], settings: CatalogSettings): WorkloadContainer[] {
  return pods
    .filter((pod) => !isSystemNamespace(settings, pod.namespace) && pod.phase !== 'Succeeded' && pod.phase !== 'Failed')
    .flatMap((pod) => pod.containers.map((container) => ({ pod, container })));
}

/** How a per-container rule words its verdict: "All 3 workload containers <noun>", "1 of 3 … <failVerb>". */
export interface ContainerRuleWording {
  noun: string;
  failVerb: string;
}

/**
 * Applies a per-container rule to every workload container and turns the offenders into an outcome.
 * `findProblem` returns why a container breaks the rule, or undefined when it keeps it.
 */
export function judgeWorkloadContainers(
  pods: PodSummary[],
  settings: CatalogSettings,
  wording: ContainerRuleWording,
  findProblem: (pod: PodSummary, container: ContainerSummary) => string | undefined,
): CheckOutcome {
  const containers = workloadContainers(pods, settings);
  if (containers.length === 0) {
    return { status: 'not-applicable', summary: 'No running workload containers outside the system namespaces', excerpt: { checkedContainers: 0 } };
  }
  const offenders: Offender[] = [];
  for (const { pod, container } of containers) {
    const reason = findProblem(pod, container);
    if (reason) offenders.push({ object: `${pod.namespace}/${pod.name}`, container: container.name, reason });
  }
  const excerpt = { checkedContainers: containers.length, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
  if (offenders.length === 0) {
    return { status: 'pass', summary: `All ${countPhrase(containers.length, 'workload container')} ${wording.noun}`, excerpt };
  }
  return { status: 'fail', summary: `${offenders.length} of ${countPhrase(containers.length, 'workload container')} ${wording.failVerb}`, excerpt };
}
