import { z } from 'zod';
import type { ContainerSummary, PodSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { judgeWorkloadContainers, PODS_ENDPOINT } from '../../rules/pods';

/** Why a container can escalate its privileges, or undefined when it cannot. */
export function escalationProblem(_pod: PodSummary, container: ContainerSummary): string | undefined {
  if (container.privileged === true) return 'privileged: true';
  // Kubernetes allows escalation unless it is explicitly switched off.
  if (container.allowPrivilegeEscalation !== false) return 'allowPrivilegeEscalation is not false';
  return undefined;
}

export const podsNoPrivilegeEscalation = defineEvaluator({
  name: 'pods-no-privilege-escalation',
  source: 'kubernetes',
  description: 'Every running container outside the system namespaces sets allowPrivilegeEscalation: false and is not privileged.',
  params: z.object({}).strict(),
  reads: ['pods'],
  query: () => `${PODS_ENDPOINT} → containers[].securityContext .allowPrivilegeEscalation, .privileged`,
  read: async (sources): Promise<PodSummary[]> => sources.pods(),
  judge: (pods, _params, { settings }) =>
    judgeWorkloadContainers(pods, settings, { noun: 'forbid privilege escalation', failVerb: 'can escalate privileges or run privileged' }, escalationProblem),
});
