/**
 * The normalised shapes that checks read. Raw API types never leave lib/sources/<system>/: each
 * client maps what its API answers into these, keeping only what a check needs (and never a secret
 * value: environment variables keep their names only).
 */
export type { PodSummary, ContainerSummary } from './kubernetes/pods';
export type { PromSample, InstantQueryResult, PromSeries, RangeQueryResult } from './prometheus/client';

/** A custom resource list: `isInstalled: false` when its API group/kind is not served (HTTP 404). */
export interface CustomResourceList<T> {
  isInstalled: boolean;
  items: T[];
}

export interface KubernetesVersion {
  gitVersion: string;
  major: number;
  minor: number;
}

export interface NamespaceSummary {
  name: string;
  labels: Record<string, string>;
  /** Active | Terminating */
  phase?: string;
}

export interface NodeSummary {
  name: string;
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  createdAt?: string;
  isReady: boolean;
  /** Calico's projectcalico.org/IPv4WireguardInterfaceAddr annotation, when set */
  wireguardAddress?: string;
  labels?: Record<string, string>;
}

export interface WorkloadSummary {
  kind: 'DaemonSet' | 'Deployment';
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Deployment: spec.replicas; DaemonSet: status.desiredNumberScheduled */
  desired: number;
  /** Deployment: status.readyReplicas; DaemonSet: status.numberReady */
  ready: number;
  /** Deployment only: spec.strategy.type (RollingUpdate | Recreate) */
  strategyType?: string;
  images: string[];
}

export interface ClusterRoleBindingSummary {
  name: string;
  roleName: string;
  subjects: { kind: string; name: string; namespace?: string }[];
}

export interface LabelSelectorSummary {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

export interface NetworkPolicySummary {
  namespace: string;
  name: string;
  podSelector: LabelSelectorSummary;
  policyTypes: string[];
  /** true when the policy selects every pod and allows no ingress (a default deny) */
  isDefaultDenyIngress: boolean;
  /** true when the policy selects every pod and allows no egress */
  isDefaultDenyEgress?: boolean;
}

export interface GatekeeperConstraintSummary {
  kind: string;
  name: string;
  /** deny | dryrun | warn */
  enforcementAction: string;
  /** 0 also when the audit has not reported yet: then auditTimestamp is undefined */
  totalViolations: number;
  auditTimestamp?: string;
  /** as reported by the audit (Gatekeeper caps the list itself); kept bounded */
  violations: { kind: string; namespace?: string; name: string; message: string }[];
}

export interface VulnerabilityReportSummary {
  namespace: string;
  name: string;
  /** registry host the image came from (report.registry.server) */
  registry?: string;
  repository: string;
  tag: string;
  digest?: string;
  criticalCount: number;
  highCount: number;
  updatedAt?: string;
  /** the workload the report belongs to (trivy-operator.resource.* labels) */
  resourceKind?: string;
  resourceName?: string;
  containerName?: string;
}

export interface ComplianceReportSummary {
  name: string;
  title: string;
  failCount: number;
  passCount: number;
  updatedAt?: string;
}

export interface ArgoApplicationSummary {
  namespace: string;
  name: string;
  /** Synced | OutOfSync | Unknown */
  syncStatus: string;
  /** Healthy | Progressing | Degraded | Suspended | Missing | Unknown */
  healthStatus: string;
  project?: string;
}

export interface FelixConfigurationSummary {
  name: string;
  isWireguardEnabled: boolean;
  isWireguardV6Enabled?: boolean;
}

export interface HarborHealth {
  status: string;
  components: { name: string; status: string }[];
}

export interface HarborSystemInfo {
  harborVersion: string;
  authMode: string;
  isReadOnly: boolean;
}

export interface HarborScanner {
  name: string;
  vendor: string;
  version: string;
  isDefault: boolean;
  isDisabled?: boolean;
  /** Harbor's own health probe of the scanner adapter, e.g. "healthy" */
  health?: string;
}

export interface HarborArtifact {
  project: string;
  /** Harbor's full repository name, `project/repo` (what follows the registry host in an image reference) */
  repository: string;
  digest: string;
  tags: string[];
  pushedAt?: string;
  /** scan_overview's scan_status: Success | Error | Running | Pending …; undefined when never scanned */
  scanStatus?: string;
  /** the highest severity found */
  severity?: string;
  criticalCount: number;
  highCount: number;
  /** end_time of the scan */
  scannedAt?: string;
}

export interface HarborCveAllowlist {
  cveIds: string[];
  expiresAt?: string;
}

export interface OpenSearchHealth {
  status: 'green' | 'yellow' | 'red';
  numberOfNodes: number;
}

export interface OpenSearchAlias {
  alias: string;
  index: string;
  isWriteIndex: boolean;
}

export interface OpenSearchIndex {
  index: string;
  creationDate?: string;
  docsCount: number;
  /** green | yellow | red */
  health?: string;
}

export interface IsmPolicySummary {
  id: string;
  /** index patterns the policy applies to (ism_template) */
  indexPatterns: string[];
  states: string[];
  /** the min_index_age of the transition into a state with a delete action, in days, when present */
  deleteAfterDays?: number;
}

export interface TermCount {
  key: string;
  count: number;
}

export interface HarborProject {
  id: number;
  name: string;
  isAutoScanOn: boolean;
  /** "prevent vulnerable images from running" */
  isPreventVulOn: boolean;
  /** lowest severity that is blocked when prevent_vul is on (Harbor: none|low|medium|high|critical) */
  severity?: string;
  isPublic?: boolean;
  /** whether the project uses the system CVE allowlist instead of its own */
  isReusingSystemCveAllowlist?: boolean;
}
