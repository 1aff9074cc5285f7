import type { ReaderName } from './evaluator';

/**
 * What each Kubernetes reader (source-readers.ts) asks the API server for, in the form RBAC checks
 * it: `group/resource:verb` (core group empty) or `url:get`. With each check's evaluator and params,
 * this gives every request the catalog makes; the reader ClusterRole must grant exactly those
 * (lib/catalog/reader-role.test.ts).
 */
export const KUBERNETES_READER_REQUESTS: Partial<Record<ReaderName, readonly string[]>> = {
  kubernetesVersion: ['/version:get'],
  namespaces: ['/namespaces:list'],
  nodes: ['/nodes:list'],
  pods: ['/pods:list'],
  workloads: ['apps/daemonsets:list', 'apps/deployments:list'],
  clusterRoleBindings: ['rbac.authorization.k8s.io/clusterrolebindings:list'],
  networkPolicies: ['networking.k8s.io/networkpolicies:list'],
  gatekeeperConstraints: ['/apis/constraints.gatekeeper.sh/v1beta1:get', 'constraints.gatekeeper.sh/*:list'],
  vulnerabilityReports: ['aquasecurity.github.io/vulnerabilityreports:list'],
  complianceReports: ['aquasecurity.github.io/clustercompliancereports:list'],
  argoApplications: ['argoproj.io/applications:list'],
  felixConfigurations: ['crd.projectcalico.org/felixconfigurations:list'],
};

/**
 * The RBAC request of a list path; a namespaced path needs the same `list` (the role is cluster-wide).
 * @example listPathRequest('/apis/apps/v1/namespaces/shop/deployments') // 'apps/deployments:list'
 */
export function listPathRequest(listPath: string): string {
  const core = /^\/api\/v1(?:\/namespaces\/[a-z0-9-]+)?\/([a-z0-9]+)$/.exec(listPath);
  if (core) return `/${core[1]}:list`;
  const grouped = /^\/apis\/([a-z0-9.-]+)\/[a-z0-9]+(?:\/namespaces\/[a-z0-9-]+)?\/([a-z0-9]+)$/.exec(listPath);
  if (grouped) return `${grouped[1]}/${grouped[2]}:list`;
  return `${listPath}:get`;
}
