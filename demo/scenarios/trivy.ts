import type { ClusterModel, ContainerModel, WorkloadModel } from './cluster-model';

/** A container trivy-operator scans, with the names its reports and metrics carry. */
export interface ScannedContainer {
  workload: WorkloadModel;
  container: ContainerModel;
  /** ReplicaSet for Deployments (trivy-operator reports on the ReplicaSet), else the workload kind */
  resourceKind: string;
  resourceName: string;
  /** e.g. `replicaset-frontend-7d9f8b6c4d-frontend` */
  reportName: string;
}

/** Every container of every controller-managed workload (static pods are not scanned). */
export function scannedContainers(model: ClusterModel): ScannedContainer[] {
  const result: ScannedContainer[] = [];
  for (const workload of model.workloads) {
    if (workload.kind === 'StaticPod') continue;
    const resourceKind = workload.kind === 'Deployment' ? 'ReplicaSet' : workload.kind;
    const resourceName = workload.kind === 'Deployment' ? `${workload.name}-${workload.templateHash}` : workload.name;
    for (const container of workload.containers) {
      result.push({ workload, container, resourceKind, resourceName, reportName: reportNameFor(resourceKind, resourceName, container.name) });
    }
  }
  return result;
}

export function reportNameFor(resourceKind: string, resourceName: string, containerName: string): string {
  return `${resourceKind.toLowerCase()}-${resourceName}-${containerName}`.slice(0, 63).replace(/-+$/, '');
}
