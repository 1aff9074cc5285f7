import type { WorkloadSummary } from '@/lib/sources/types';

/** The endpoints behind the `workloads` reader, as the evidence of the checks that use it names them. */
export const WORKLOADS_ENDPOINT = 'GET /apis/apps/v1/deployments and /apis/apps/v1/daemonsets (all namespaces)';

/**
 * A workload is a given tool when its name is the tool's name or starts with it, or its standard
 * labels say so.
 * @example isTool({ name: 'jaeger-query', labels: {}, … }, 'jaeger') // true
 */
export function isTool(workload: WorkloadSummary, toolName: string): boolean {
  return (
    workload.name === toolName ||
    workload.name.startsWith(`${toolName}-`) ||
    workload.labels['app.kubernetes.io/name'] === toolName ||
    workload.labels['app.kubernetes.io/part-of'] === toolName
  );
}

/** Whether a Deployment of the tool runs anywhere in the cluster (any namespace). */
export function hasToolDeployment(workloads: WorkloadSummary[], toolName: string): boolean {
  return workloads.some((workload) => workload.kind === 'Deployment' && isTool(workload, toolName));
}
