import type * as k8s from '@kubernetes/client-node';
import type { WorkloadSummary } from '@/lib/sources/types';

function templateImages(template: k8s.V1PodTemplateSpec | undefined): string[] {
  const spec = template?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((container) => container.image ?? '');
}

export function toDaemonSetSummary(daemonSet: k8s.V1DaemonSet): WorkloadSummary {
  return {
    kind: 'DaemonSet',
    namespace: daemonSet.metadata?.namespace ?? '',
    name: daemonSet.metadata?.name ?? '',
    labels: daemonSet.metadata?.labels ?? {},
    desired: daemonSet.status?.desiredNumberScheduled ?? 0,
    ready: daemonSet.status?.numberReady ?? 0,
    images: templateImages(daemonSet.spec?.template),
  };
}

export function toDeploymentSummary(deployment: k8s.V1Deployment): WorkloadSummary {
  return {
    kind: 'Deployment',
    namespace: deployment.metadata?.namespace ?? '',
    name: deployment.metadata?.name ?? '',
    labels: deployment.metadata?.labels ?? {},
    // the API server defaults spec.replicas to 1 when it is left out
    desired: deployment.spec?.replicas ?? 1,
    ready: deployment.status?.readyReplicas ?? 0,
    strategyType: deployment.spec?.strategy?.type,
    images: templateImages(deployment.spec?.template),
  };
}
