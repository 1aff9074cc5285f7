import { z } from 'zod';
import type { ContainerSummary, PodSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { judgeWorkloadContainers, PODS_ENDPOINT } from '../../rules/pods';

/** Why a container may run as root, or undefined when it cannot; the container's value overrides the pod's. */
export function rootProblem(pod: PodSummary, container: ContainerSummary): string | undefined {
  const runAsUser = container.runAsUser ?? pod.runAsUser;
  const runAsNonRoot = container.runAsNonRoot ?? pod.runAsNonRoot;
  if (runAsUser === 0) return 'runAsUser is 0 (root)';
  if (runAsNonRoot === true || (runAsUser !== undefined && runAsUser > 0)) return undefined;
  return 'neither runAsNonRoot: true nor a non-zero runAsUser is set, so the image decides (often root)';
}

export const podsRunAsNonRoot = defineEvaluator({
  name: 'pods-run-as-non-root',
  source: 'kubernetes',
  description: 'Every running container outside the system namespaces has runAsNonRoot: true or a non-zero runAsUser.',
  params: z.object({}).strict(),
  reads: ['pods'],
  query: () => `${PODS_ENDPOINT} → spec.securityContext / containers[].securityContext .runAsNonRoot, .runAsUser`,
  read: async (sources): Promise<PodSummary[]> => sources.pods(),
  judge: (pods, _params, { settings }) => judgeWorkloadContainers(pods, settings, { noun: 'run as non-root', failVerb: 'may run as root' }, rootProblem),
});
