import 'server-only';
import type { SourceName } from '@/lib/sources/connection';
import type { InstantQueryResult } from '@/lib/sources/prometheus/client';
import type { KubernetesObject } from '@/lib/sources/kubernetes/objects';
import type { HarborClient } from '@/lib/sources/harbor/client';
import type { KubernetesClient } from '@/lib/sources/kubernetes/client';
import type { OpenSearchSourceClient } from '@/lib/sources/opensearch/client';
import type { PrometheusClient } from '@/lib/sources/prometheus/client';
import { notConfiguredError } from '@/lib/sources/source-error';
import type {
  ArgoApplicationSummary,
  ClusterRoleBindingSummary,
  ComplianceReportSummary,
  CustomResourceList,
  FelixConfigurationSummary,
  GatekeeperConstraintSummary,
  HarborArtifact,
  HarborCveAllowlist,
  HarborHealth,
  HarborProject,
  HarborScanner,
  HarborSystemInfo,
  IsmPolicySummary,
  KubernetesVersion,
  NamespaceSummary,
  NetworkPolicySummary,
  NodeSummary,
  OpenSearchAlias,
  OpenSearchHealth,
  OpenSearchIndex,
  PodSummary,
  TermCount,
  VulnerabilityReportSummary,
  WorkloadSummary,
} from '@/lib/sources/types';

export interface SourceClients {
  prometheus?: PrometheusClient;
  opensearch?: OpenSearchSourceClient;
  harbor?: HarborClient;
  kubernetes?: KubernetesClient;
}

/**
 * What checks read, shared within one collection: several checks look at the same pods or projects,
 * and each list is fetched once per snapshot, not once per check. Every method rejects with a
 * SourceError when its source cannot be read (or is not configured).
 */
export interface SourceReaders {
  clients: SourceClients;
  // Kubernetes
  kubernetesVersion(): Promise<KubernetesVersion>;
  namespaces(): Promise<NamespaceSummary[]>;
  nodes(): Promise<NodeSummary[]>;
  pods(): Promise<PodSummary[]>;
  /** DaemonSets and Deployments of all namespaces */
  workloads(): Promise<WorkloadSummary[]>;
  clusterRoleBindings(): Promise<ClusterRoleBindingSummary[]>;
  networkPolicies(): Promise<NetworkPolicySummary[]>;
  gatekeeperConstraints(): Promise<CustomResourceList<GatekeeperConstraintSummary>>;
  vulnerabilityReports(): Promise<CustomResourceList<VulnerabilityReportSummary>>;
  complianceReports(): Promise<CustomResourceList<ComplianceReportSummary>>;
  argoApplications(): Promise<CustomResourceList<ArgoApplicationSummary>>;
  felixConfigurations(): Promise<CustomResourceList<FelixConfigurationSummary>>;
  // Harbor
  harborHealth(): Promise<HarborHealth>;
  harborSystemInfo(): Promise<HarborSystemInfo>;
  harborScanners(): Promise<HarborScanner[]>;
  harborProjects(): Promise<HarborProject[]>;
  harborArtifacts(): Promise<HarborArtifact[]>;
  harborCveAllowlist(): Promise<HarborCveAllowlist>;
  // OpenSearch
  openSearchHealth(): Promise<OpenSearchHealth>;
  openSearchAliases(): Promise<OpenSearchAlias[]>;
  openSearchIndices(): Promise<OpenSearchIndex[]>;
  ismPolicies(): Promise<IsmPolicySummary[]>;
  /** newest @timestamp in an index pattern, null when it holds no document */
  latestDocumentTime(indexPattern: string): Promise<string | null>;
  /** document counts per value of `field` since `sinceIso` (a terms aggregation; documents are never pulled) */
  countByTerms(indexPattern: string, field: string, options: { sinceIso: string; size?: number; match?: Record<string, string> }): Promise<TermCount[]>;
  /** objects of one kind as plain JSON with secret-bearing fields removed, e.g. `/api/v1/pods` */
  kubernetesObjects(listPath: string): Promise<KubernetesObject[]>;
  // Prometheus
  /** an instant query at `at`; one request per distinct query and time within a collection */
  prometheusQuery(query: string, at: Date): Promise<InstantQueryResult>;
}

/** The first call starts the load; every later call shares its promise (and its failure). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
}

/** Like `once`, per distinct argument list (e.g. one search per index pattern and field). */
function oncePerArguments<A extends unknown[], T>(load: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  const pending = new Map<string, Promise<T>>();
  return (...args: A) => {
    const key = JSON.stringify(args);
    let promise = pending.get(key);
    if (promise === undefined) {
      promise = load(...args);
      pending.set(key, promise);
    }
    return promise;
  };
}

function requireClient<T>(client: T | undefined, source: SourceName): T {
  if (client === undefined) throw notConfiguredError(source);
  return client;
}

/**
 * Readers for one collection. Create a fresh set per snapshot: what they memoise belongs to it.
 * A missing client makes its readers reject with a `not-configured` SourceError.
 */
export function createSourceReaders(clients: SourceClients, scope: { opensearchMatch?: { field: string; value: string } } = {}): SourceReaders {
  // where logs of several clusters share one OpenSearch, only this cluster's documents are counted
  const documentMatch = scope.opensearchMatch ? { [scope.opensearchMatch.field]: scope.opensearchMatch.value } : undefined;
  // each reader checks for its client when first called, so an unconfigured source fails only its own checks
  const kubernetes = async () => requireClient(clients.kubernetes, 'kubernetes');
  const harbor = async () => requireClient(clients.harbor, 'harbor');
  const opensearch = async () => requireClient(clients.opensearch, 'opensearch');
  const prometheus = async () => requireClient(clients.prometheus, 'prometheus');

  const harborProjects = once(async () => (await harbor()).listProjects());

  return {
    clients,
    kubernetesVersion: once(async () => (await kubernetes()).getVersion()),
    namespaces: once(async () => (await kubernetes()).listNamespaces()),
    nodes: once(async () => (await kubernetes()).listNodes()),
    pods: once(async () => {
      const pods: PodSummary[] = [];
      for await (const page of (await kubernetes()).listPodPages()) {
        for (const pod of page) pods.push(pod);
      }
      return pods;
    }),
    workloads: once(async () => (await kubernetes()).listWorkloads()),
    clusterRoleBindings: once(async () => (await kubernetes()).listClusterRoleBindings()),
    networkPolicies: once(async () => (await kubernetes()).listNetworkPolicies()),
    gatekeeperConstraints: once(async () => (await kubernetes()).listGatekeeperConstraints()),
    vulnerabilityReports: once(async () => (await kubernetes()).listVulnerabilityReports()),
    complianceReports: once(async () => (await kubernetes()).listComplianceReports()),
    argoApplications: once(async () => (await kubernetes()).listArgoApplications()),
    felixConfigurations: once(async () => (await kubernetes()).listFelixConfigurations()),
    kubernetesObjects: oncePerArguments(async (listPath: string) => (await kubernetes()).listObjects(listPath)),

    harborHealth: once(async () => (await harbor()).getHealth()),
    harborSystemInfo: once(async () => (await harbor()).getSystemInfo()),
    harborScanners: once(async () => (await harbor()).listScanners()),
    harborProjects,
    // reuses the project list that the project checks read anyway
    harborArtifacts: once(async () => {
      const client = await harbor();
      const projects = await harborProjects();
      return client.listAllArtifacts(projects.map((project) => project.name));
    }),
    harborCveAllowlist: once(async () => (await harbor()).getCveAllowlist()),

    openSearchHealth: once(async () => (await opensearch()).getClusterHealth()),
    openSearchAliases: once(async () => (await opensearch()).listAliases()),
    openSearchIndices: once(async () => (await opensearch()).listIndices()),
    ismPolicies: once(async () => (await opensearch()).listIsmPolicies()),
    latestDocumentTime: oncePerArguments(async (indexPattern: string) => (await opensearch()).latestDocumentTime(indexPattern, documentMatch)),
    countByTerms: oncePerArguments(async (indexPattern: string, field: string, options: { sinceIso: string; size?: number; match?: Record<string, string> }) =>
      (await opensearch()).countByTerms(indexPattern, field, documentMatch ? { ...options, match: { ...options.match, ...documentMatch } } : options),
    ),
    prometheusQuery: oncePerArguments(async (query: string, at: Date) => (await prometheus()).instantQuery(query, at)),
  };
}
