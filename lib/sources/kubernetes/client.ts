import 'server-only';
import type * as k8s from '@kubernetes/client-node';
import { z } from 'zod';
import type { KubernetesConnection } from '@/lib/sources/connection';
import { createLimiter, DEFAULT_CONCURRENCY } from '@/lib/sources/http/limiter';
import { SourceError } from '@/lib/sources/source-error';
import type {
  ArgoApplicationSummary,
  ClusterRoleBindingSummary,
  ComplianceReportSummary,
  CustomResourceList,
  FelixConfigurationSummary,
  GatekeeperConstraintSummary,
  KubernetesVersion,
  NamespaceSummary,
  NetworkPolicySummary,
  NodeSummary,
  VulnerabilityReportSummary,
  WorkloadSummary,
} from '@/lib/sources/types';
import { listArgoApplications } from './argo-applications';
import { listFelixConfigurations } from './calico';
import { toKubernetesVersion, toNamespaceSummary, toNodeSummary } from './cluster';
import { listGatekeeperConstraints } from './gatekeeper';
import { toNetworkPolicySummary } from './network-policies';
import { toPodSummary, type PodSummary } from './pods';
import { toClusterRoleBindingSummary } from './rbac';
import { callKubernetes, getJson, listAll, listPages, plainListPage, type KubernetesContext } from './request';
import { openTransport, type KubernetesTransport } from './transport';
import { assertListPath, scrubObject, type KubernetesObject } from './objects';
import { listComplianceReports, listVulnerabilityReports } from './trivy-reports';
import { toDaemonSetSummary, toDeploymentSummary } from './workloads';

export interface KubernetesClient {
  /** All pods of the cluster, page by page (limit/continue), so memory holds one page at a time. */
  listPodPages(pageSize?: number): AsyncGenerator<PodSummary[]>;
  getVersion(): Promise<KubernetesVersion>;
  listNamespaces(): Promise<NamespaceSummary[]>;
  listNodes(): Promise<NodeSummary[]>;
  /** DaemonSets and Deployments of all namespaces */
  listWorkloads(): Promise<WorkloadSummary[]>;
  listClusterRoleBindings(): Promise<ClusterRoleBindingSummary[]>;
  listNetworkPolicies(): Promise<NetworkPolicySummary[]>;
  listGatekeeperConstraints(): Promise<CustomResourceList<GatekeeperConstraintSummary>>;
  listVulnerabilityReports(): Promise<CustomResourceList<VulnerabilityReportSummary>>;
  listComplianceReports(): Promise<CustomResourceList<ComplianceReportSummary>>;
  listArgoApplications(): Promise<CustomResourceList<ArgoApplicationSummary>>;
  listFelixConfigurations(): Promise<CustomResourceList<FelixConfigurationSummary>>;
  /** every object of a list path (see objects.ts), scrubbed of secret-bearing fields */
  listObjects(listPath: string): Promise<KubernetesObject[]>;
}

const DEFAULT_PAGE_SIZE = 500;

// without gitVersion it is not a version answer; major and minor may be empty (managed offerings)
const versionInfoSchema = z.object({ gitVersion: z.string().min(1), major: z.string().catch(''), minor: z.string().catch('') });

export function createKubernetesClient(connection: KubernetesConnection, options: { timeoutMs: number; concurrency?: number; pageSize?: number }): KubernetesClient {
  // opened at the first call and kept; a failed opening is tried again at the next call
  let opening: Promise<KubernetesTransport> | undefined;
  const transport = () => {
    opening ??= openTransport(connection).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  const context: KubernetesContext = { limiter: createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY), timeoutMs: options.timeoutMs, transport };
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  // every kind is read as plain JSON (see plainListPage), custom resources included
  const listBuiltIn = <T, S>(path: string, toSummary: (item: T) => S) => listAll(context, path, pageSize, plainListPage<T>(transport, path, options.timeoutMs), toSummary);

  return {
    async *listPodPages(podPageSize = pageSize) {
      const pages = listPages(context, '/api/v1/pods', podPageSize, plainListPage<k8s.V1Pod>(transport, '/api/v1/pods', options.timeoutMs));
      for await (const pods of pages) yield pods.map(toPodSummary);
    },

    async getVersion() {
      const answer = await callKubernetes(context, '/version', () => getJson(transport, '/version', {}, options.timeoutMs));
      const info = versionInfoSchema.safeParse(answer);
      if (!info.success) throw new SourceError({ source: 'kubernetes', kind: 'parse', path: '/version', message: 'unexpected answer shape: no gitVersion' });
      return toKubernetesVersion(info.data);
    },

    listNamespaces: () => listBuiltIn('/api/v1/namespaces', toNamespaceSummary),

    listNodes: () => listBuiltIn('/api/v1/nodes', toNodeSummary),

    async listWorkloads() {
      const [daemonSets, deployments] = await Promise.all([
        listBuiltIn('/apis/apps/v1/daemonsets', toDaemonSetSummary),
        listBuiltIn('/apis/apps/v1/deployments', toDeploymentSummary),
      ]);
      return [...daemonSets, ...deployments];
    },

    listClusterRoleBindings: () => listBuiltIn('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', toClusterRoleBindingSummary),

    listNetworkPolicies: () => listBuiltIn('/apis/networking.k8s.io/v1/networkpolicies', toNetworkPolicySummary),

    listGatekeeperConstraints: () => listGatekeeperConstraints(context),
    listVulnerabilityReports: () => listVulnerabilityReports(context),
    listComplianceReports: () => listComplianceReports(context),
    listArgoApplications: () => listArgoApplications(context),
    listFelixConfigurations: () => listFelixConfigurations(context),

    async listObjects(listPath) {
      assertListPath(listPath);
      return listBuiltIn(listPath, (item: unknown) => scrubObject(item) as KubernetesObject);
    },
  };
}
