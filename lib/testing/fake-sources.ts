import type { SourceClients, SourceReaders } from '@/lib/evaluate/source-readers';
import type { PromSample } from '@/lib/sources/prometheus/client';
import type {
  ArgoApplicationSummary,
  ClusterRoleBindingSummary,
  ComplianceReportSummary,
  ContainerSummary,
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
import { SourceError } from '@/lib/sources/source-error';
import type { KubernetesObject } from '@/lib/sources/kubernetes/objects';

// Small hand-made source answers for control tests. Each test states the cluster it describes;
// nothing here knows the expected verdict. A source is "configured" when the test gives it any
// answer; an answer may be a SourceError to play a source that is down.

type Answer<T> = T | SourceError;

export function container(overrides: Partial<ContainerSummary> = {}): ContainerSummary {
  return { name: 'app', image: 'harbor.example.com/shop/app:1.0.0', isInit: false, droppedCapabilities: [], env: [], ...overrides };
}

export function pod(namespace: string, name: string, containers: ContainerSummary[], overrides: Partial<PodSummary> = {}): PodSummary {
  return { namespace, name, labels: {}, phase: 'Running', containers, ...overrides };
}

export interface FakeKubernetes {
  version?: Answer<KubernetesVersion>;
  namespaces?: Answer<NamespaceSummary[]>;
  nodes?: Answer<NodeSummary[]>;
  pods?: Answer<PodSummary[]>;
  workloads?: Answer<WorkloadSummary[]>;
  clusterRoleBindings?: Answer<ClusterRoleBindingSummary[]>;
  networkPolicies?: Answer<NetworkPolicySummary[]>;
  gatekeeperConstraints?: Answer<CustomResourceList<GatekeeperConstraintSummary>>;
  vulnerabilityReports?: Answer<CustomResourceList<VulnerabilityReportSummary>>;
  complianceReports?: Answer<CustomResourceList<ComplianceReportSummary>>;
  argoApplications?: Answer<CustomResourceList<ArgoApplicationSummary>>;
  felixConfigurations?: Answer<CustomResourceList<FelixConfigurationSummary>>;
  /** list path (e.g. `/api/v1/pods`) → plain objects, for CEL checks */
  objects?: Answer<Record<string, KubernetesObject[]>>;
}

export interface FakeHarbor {
  health?: Answer<HarborHealth>;
  systemInfo?: Answer<HarborSystemInfo>;
  scanners?: Answer<HarborScanner[]>;
  projects?: Answer<HarborProject[]>;
  artifacts?: Answer<HarborArtifact[]>;
  cveAllowlist?: Answer<HarborCveAllowlist>;
}

export interface FakeOpenSearch {
  health?: Answer<OpenSearchHealth>;
  aliases?: Answer<OpenSearchAlias[]>;
  indices?: Answer<OpenSearchIndex[]>;
  ismPolicies?: Answer<IsmPolicySummary[]>;
  /** index pattern → newest @timestamp */
  latestDocumentTime?: Answer<Record<string, string | null>>;
  /** `${indexPattern} ${field}` → counts */
  termCounts?: Answer<Record<string, TermCount[]>>;
}

export interface FakeSources {
  kubernetes?: FakeKubernetes;
  harbor?: FakeHarbor;
  opensearch?: FakeOpenSearch;
  /** PromQL → samples (or an error); a query not listed answers with no series */
  prometheus?: Record<string, Answer<PromSample[]>>;
}

function notConfigured(source: 'kubernetes' | 'harbor' | 'opensearch' | 'prometheus'): SourceError {
  return new SourceError({ source, kind: 'not-configured', message: `${source} is not configured` });
}

/** Resolves the answer, or plays a missing one: "empty" when the source is configured, else not configured. */
function answer<T>(source: 'kubernetes' | 'harbor' | 'opensearch', isConfigured: boolean, value: Answer<T> | undefined, empty: T): Promise<T> {
  if (!isConfigured) return Promise.reject(notConfigured(source));
  if (value instanceof SourceError) return Promise.reject(value);
  return Promise.resolve(value ?? empty);
}

const emptyList = <T,>(): CustomResourceList<T> => ({ isInstalled: true, items: [] });

export function fakeReaders(fake: FakeSources): SourceReaders {
  const k8s = fake.kubernetes ?? {};
  const harbor = fake.harbor ?? {};
  const os = fake.opensearch ?? {};
  const hasK8s = fake.kubernetes !== undefined;
  const hasHarbor = fake.harbor !== undefined;
  const hasOs = fake.opensearch !== undefined;
  const clients: SourceClients = {
    // checks only test for presence of these three; readers below answer for them
    kubernetes: hasK8s ? ({} as SourceClients['kubernetes']) : undefined,
    harbor: hasHarbor ? ({} as SourceClients['harbor']) : undefined,
    opensearch: hasOs ? ({} as SourceClients['opensearch']) : undefined,
    prometheus: fake.prometheus
      ? {
          instantQuery: async (query, at = new Date()) => {
            const samples = fake.prometheus?.[query] ?? [];
            if (samples instanceof SourceError) throw samples;
            return { samples, warnings: [], evaluatedAt: at };
          },
          rangeQuery: () => Promise.reject(new Error('range queries are not faked')),
        }
      : undefined,
  };
  return {
    clients,
    kubernetesVersion: () => answer('kubernetes', hasK8s, k8s.version, { gitVersion: 'v1.30.4', major: 1, minor: 30 }),
    namespaces: () => answer('kubernetes', hasK8s, k8s.namespaces, []),
    nodes: () => answer('kubernetes', hasK8s, k8s.nodes, []),
    pods: () => answer('kubernetes', hasK8s, k8s.pods, []),
    workloads: () => answer('kubernetes', hasK8s, k8s.workloads, []),
    clusterRoleBindings: () => answer('kubernetes', hasK8s, k8s.clusterRoleBindings, []),
    networkPolicies: () => answer('kubernetes', hasK8s, k8s.networkPolicies, []),
    gatekeeperConstraints: () => answer('kubernetes', hasK8s, k8s.gatekeeperConstraints, emptyList()),
    vulnerabilityReports: () => answer('kubernetes', hasK8s, k8s.vulnerabilityReports, emptyList()),
    complianceReports: () => answer('kubernetes', hasK8s, k8s.complianceReports, emptyList()),
    argoApplications: () => answer('kubernetes', hasK8s, k8s.argoApplications, emptyList()),
    felixConfigurations: () => answer('kubernetes', hasK8s, k8s.felixConfigurations, emptyList()),
    harborHealth: () => answer('harbor', hasHarbor, harbor.health, { status: 'healthy', components: [] }),
    harborSystemInfo: () => answer('harbor', hasHarbor, harbor.systemInfo, { harborVersion: 'v2.11.0', authMode: 'oidc_auth', isReadOnly: false }),
    harborScanners: () => answer('harbor', hasHarbor, harbor.scanners, []),
    harborProjects: () => answer('harbor', hasHarbor, harbor.projects, []),
    harborArtifacts: () => answer('harbor', hasHarbor, harbor.artifacts, []),
    harborCveAllowlist: () => answer('harbor', hasHarbor, harbor.cveAllowlist, { cveIds: [] }),
    openSearchHealth: () => answer('opensearch', hasOs, os.health, { status: 'green', numberOfNodes: 3 }),
    openSearchAliases: () => answer('opensearch', hasOs, os.aliases, []),
    openSearchIndices: () => answer('opensearch', hasOs, os.indices, []),
    ismPolicies: () => answer('opensearch', hasOs, os.ismPolicies, []),
    latestDocumentTime: async (indexPattern) => {
      const times = await answer('opensearch', hasOs, os.latestDocumentTime, {});
      return times[indexPattern] ?? null;
    },
    countByTerms: async (indexPattern, field) => {
      const counts = await answer('opensearch', hasOs, os.termCounts, {});
      return counts[`${indexPattern} ${field}`] ?? [];
    },
    kubernetesObjects: async (listPath) => {
      const objects = await answer('kubernetes', hasK8s, k8s.objects, {});
      return objects[listPath] ?? [];
    },
    prometheusQuery: async (query, at) => {
      if (!clients.prometheus) throw notConfigured('prometheus');
      return clients.prometheus.instantQuery(query, at);
    },
  };
}

export function sourceDown(source: 'prometheus' | 'harbor' | 'kubernetes' | 'opensearch'): SourceError {
  return new SourceError({ source, kind: 'network', path: '/x', message: 'cannot connect (ECONNREFUSED)' });
}
