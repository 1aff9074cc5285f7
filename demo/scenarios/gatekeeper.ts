import type { ClusterModel, ContainerModel, PodModel } from './cluster-model';
import { CONSTRAINT_KINDS, type ConstraintKind } from './scenario-profile';

/**
 * What Gatekeeper's audit finds in the demo cluster. The constraints' status in the Kubernetes
 * API and the gatekeeper_* metrics are both computed from these violations, so they agree.
 */

/** Gatekeeper audits every 60 s; the phase keeps audit times off round minutes, as in real clusters. */
const AUDIT_INTERVAL_MS = 60_000;
const AUDIT_PHASE_MS = 17_000;

/** Start time of the last audit run at or before `timeMs`. */
export function lastAuditRunMs(timeMs: number): number {
  return Math.floor((timeMs - AUDIT_PHASE_MS) / AUDIT_INTERVAL_MS) * AUDIT_INTERVAL_MS + AUDIT_PHASE_MS;
}

export interface ConstraintViolation {
  namespace: string;
  name: string;
  message: string;
}

export interface ConstraintSpec {
  kind: ConstraintKind;
  /** the constraint object's name */
  name: string;
  parameters(harborHost: string): Record<string, unknown>;
}

export const CONSTRAINTS: Record<ConstraintKind, ConstraintSpec> = {
  K8sRequireNetworkPolicy: { kind: 'K8sRequireNetworkPolicy', name: 'require-networkpolicy', parameters: () => ({}) },
  K8sAllowedRepos: { kind: 'K8sAllowedRepos', name: 'allowed-repos', parameters: (harborHost) => ({ repos: [`${harborHost}/`] }) },
  K8sDisallowedTags: { kind: 'K8sDisallowedTags', name: 'disallowed-tags', parameters: () => ({ tags: ['latest'], exemptImages: [] }) },
  K8sPSPPrivilegedContainer: { kind: 'K8sPSPPrivilegedContainer', name: 'psp-privileged-container', parameters: () => ({}) },
  K8sPSPAllowPrivilegeEscalationContainer: { kind: 'K8sPSPAllowPrivilegeEscalationContainer', name: 'psp-allow-privilege-escalation', parameters: () => ({}) },
  K8sPSPAllowedUsers: { kind: 'K8sPSPAllowedUsers', name: 'psp-allowed-users', parameters: () => ({ runAsUser: { rule: 'MustRunAsNonRoot' } }) },
  K8sPSPCapabilities: { kind: 'K8sPSPCapabilities', name: 'psp-capabilities', parameters: () => ({ requiredDropCapabilities: ['ALL'] }) },
};

/** Violations per constraint kind, over pods in workload namespaces (constraints exclude system ones). */
export function computeViolations(model: ClusterModel): Record<ConstraintKind, ConstraintViolation[]> {
  const result = Object.fromEntries(CONSTRAINT_KINDS.map((kind) => [kind, [] as ConstraintViolation[]])) as Record<ConstraintKind, ConstraintViolation[]>;
  const namespacesWithPolicy = new Set(model.namespaces.filter((namespace) => namespace.hasNetworkPolicy).map((namespace) => namespace.name));
  const allowedPrefix = `${model.harborHost}/`;
  for (const pod of model.pods) {
    if (pod.workload.isSystem) continue;
    const add = (kind: ConstraintKind, message: string): void => {
      result[kind].push({ namespace: pod.namespace, name: pod.name, message });
    };
    if (!namespacesWithPolicy.has(pod.namespace)) add('K8sRequireNetworkPolicy', `Pod <${pod.name}> is not selected by any NetworkPolicy`);
    for (const container of pod.workload.containers) {
      const image = container.image.reference;
      if (!image.startsWith(allowedPrefix)) {
        add('K8sAllowedRepos', `container <${container.name}> has an invalid image repo <${image}>, allowed repos are ["${allowedPrefix}"]`);
      }
      if (container.image.tag === 'latest') add('K8sDisallowedTags', `container <${container.name}> uses a disallowed tag <${image}>; disallowed tags are ["latest"]`);
      if (container.securityContext?.privileged === true) add('K8sPSPPrivilegedContainer', `Privileged container is not allowed: ${container.name}, securityContext: {"privileged": true}`);
      if (container.securityContext?.allowPrivilegeEscalation !== false) {
        add('K8sPSPAllowPrivilegeEscalationContainer', `Privilege escalation container is not allowed: ${container.name}`);
      }
      if (!isNonRoot(pod, container)) add('K8sPSPAllowedUsers', `Container ${container.name} is attempting to run without a required securityContext/runAsNonRoot or securityContext/runAsUser != 0`);
      if (!dropsAll(container)) add('K8sPSPCapabilities', `container <${container.name}> is not dropping all required capabilities. Container must drop all of ["ALL"]`);
    }
  }
  return result;
}

/** runAsNonRoot (container or pod level) and no runAsUser 0, as K8sPSPAllowedUsers MustRunAsNonRoot checks. */
export function isNonRoot(pod: PodModel, container: ContainerModel): boolean {
  const podContext = pod.workload.podSecurityContext ?? {};
  const containerContext = container.securityContext ?? {};
  const runAsUser = containerContext.runAsUser ?? podContext.runAsUser;
  const runAsNonRoot = containerContext.runAsNonRoot ?? podContext.runAsNonRoot;
  if (runAsUser === 0) return false;
  return runAsNonRoot === true || (typeof runAsUser === 'number' && runAsUser > 0);
}

function dropsAll(container: ContainerModel): boolean {
  const capabilities = container.securityContext?.capabilities as { drop?: string[] } | undefined;
  return capabilities?.drop?.includes('ALL') ?? false;
}
