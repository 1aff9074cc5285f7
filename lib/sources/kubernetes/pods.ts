import type * as k8s from '@kubernetes/client-node';

/**
 * What Refmap keeps of a Pod. Environment variables keep their names and whether they hold a literal
 * value, never the value itself: a literal `DB_PASSWORD` must not travel any further than this file.
 */
export interface ContainerSummary {
  name: string;
  image: string;
  isInit: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  droppedCapabilities: string[];
  env: { name: string; hasLiteralValue: boolean }[];
}

export interface PodSummary {
  namespace: string;
  name: string;
  /** metadata.labels, for matching NetworkPolicy pod selectors */
  labels: Record<string, string>;
  nodeName?: string;
  phase?: string;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  containers: ContainerSummary[];
}

function toContainerSummary(container: k8s.V1Container, isInit: boolean): ContainerSummary {
  const securityContext = container.securityContext;
  return {
    name: container.name,
    image: container.image ?? '',
    isInit,
    runAsNonRoot: securityContext?.runAsNonRoot,
    runAsUser: securityContext?.runAsUser,
    allowPrivilegeEscalation: securityContext?.allowPrivilegeEscalation,
    privileged: securityContext?.privileged,
    readOnlyRootFilesystem: securityContext?.readOnlyRootFilesystem,
    droppedCapabilities: securityContext?.capabilities?.drop ?? [],
    env: (container.env ?? []).map((variable) => ({
      name: variable.name,
      hasLiteralValue: variable.value !== undefined && variable.value !== '' && variable.valueFrom === undefined,
    })),
  };
}

export function toPodSummary(pod: k8s.V1Pod): PodSummary {
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    labels: pod.metadata?.labels ?? {},
    nodeName: pod.spec?.nodeName,
    phase: pod.status?.phase,
    runAsNonRoot: pod.spec?.securityContext?.runAsNonRoot,
    runAsUser: pod.spec?.securityContext?.runAsUser,
    containers: [
      ...(pod.spec?.initContainers ?? []).map((container) => toContainerSummary(container, true)),
      ...(pod.spec?.containers ?? []).map((container) => toContainerSummary(container, false)),
    ],
  };
}
