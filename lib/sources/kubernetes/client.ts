import 'server-only';
import * as k8s from '@kubernetes/client-node';
import type { KubernetesConnection } from '@/lib/config';
import { createLimiter, DEFAULT_CONCURRENCY } from '@/lib/sources/http/limiter';
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
import { buildKubeConfig, callKubernetes, listAll, listPages, type KubernetesContext } from './request';
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
}

const DEFAULT_PAGE_SIZE = 500;

export function createKubernetesClient(connection: KubernetesConnection, options: { timeoutMs: number; concurrency?: number; pageSize?: number }): KubernetesClient {
  const kubeConfig = buildKubeConfig(connection);
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
  const rbac = kubeConfig.makeApiClient(k8s.RbacAuthorizationV1Api);
  const networking = kubeConfig.makeApiClient(k8s.NetworkingV1Api);
  const version = kubeConfig.makeApiClient(k8s.VersionApi);
  const customObjects = kubeConfig.makeApiClient(k8s.CustomObjectsApi);
  const context: KubernetesContext = { limiter: createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY), timeoutMs: options.timeoutMs };
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;

  return {
    async *listPodPages(podPageSize = pageSize) {
      const pages = listPages(context, '/api/v1/pods', podPageSize, async ({ limit, continueToken }, requestOptions) => {
        const list = await core.listPodForAllNamespaces({ limit, _continue: continueToken }, requestOptions);
        return { items: list.items, continueToken: list.metadata?._continue };
      });
      for await (const pods of pages) yield pods.map(toPodSummary);
    },

    async getVersion() {
      return toKubernetesVersion(await callKubernetes(context, '/version', (requestOptions) => version.getCode(requestOptions)));
    },

    listNamespaces: () =>
      listAll(
        context,
        '/api/v1/namespaces',
        pageSize,
        async ({ limit, continueToken }, requestOptions) => {
          const list = await core.listNamespace({ limit, _continue: continueToken }, requestOptions);
          return { items: list.items, continueToken: list.metadata?._continue };
        },
        toNamespaceSummary,
      ),

    listNodes: () =>
      listAll(
        context,
        '/api/v1/nodes',
        pageSize,
        async ({ limit, continueToken }, requestOptions) => {
          const list = await core.listNode({ limit, _continue: continueToken }, requestOptions);
          return { items: list.items, continueToken: list.metadata?._continue };
        },
        toNodeSummary,
      ),

    async listWorkloads() {
      const [daemonSets, deployments] = await Promise.all([
        listAll(
          context,
          '/apis/apps/v1/daemonsets',
          pageSize,
          async ({ limit, continueToken }, requestOptions) => {
            const list = await apps.listDaemonSetForAllNamespaces({ limit, _continue: continueToken }, requestOptions);
            return { items: list.items, continueToken: list.metadata?._continue };
          },
          toDaemonSetSummary,
        ),
        listAll(
          context,
          '/apis/apps/v1/deployments',
          pageSize,
          async ({ limit, continueToken }, requestOptions) => {
            const list = await apps.listDeploymentForAllNamespaces({ limit, _continue: continueToken }, requestOptions);
            return { items: list.items, continueToken: list.metadata?._continue };
          },
          toDeploymentSummary,
        ),
      ]);
      return [...daemonSets, ...deployments];
    },

    listClusterRoleBindings: () =>
      listAll(
        context,
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
        pageSize,
        async ({ limit, continueToken }, requestOptions) => {
          const list = await rbac.listClusterRoleBinding({ limit, _continue: continueToken }, requestOptions);
          return { items: list.items, continueToken: list.metadata?._continue };
        },
        toClusterRoleBindingSummary,
      ),

    listNetworkPolicies: () =>
      listAll(
        context,
        '/apis/networking.k8s.io/v1/networkpolicies',
        pageSize,
        async ({ limit, continueToken }, requestOptions) => {
          const list = await networking.listNetworkPolicyForAllNamespaces({ limit, _continue: continueToken }, requestOptions);
          return { items: list.items, continueToken: list.metadata?._continue };
        },
        toNetworkPolicySummary,
      ),

    listGatekeeperConstraints: () => listGatekeeperConstraints(context, customObjects),
    listVulnerabilityReports: () => listVulnerabilityReports(context, customObjects),
    listComplianceReports: () => listComplianceReports(context, customObjects),
    listArgoApplications: () => listArgoApplications(context, customObjects),
    listFelixConfigurations: () => listFelixConfigurations(context, customObjects),
  };
}
