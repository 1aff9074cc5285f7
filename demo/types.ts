/**
 * Types of the built-in demo cluster: its options and the generated dataset that its four
 * simulated APIs serve. The JSON-shaped parts (Kubernetes objects, Harbor and OpenSearch
 * answers) are kept exactly as those APIs write them on the wire.
 */

export type DemoScenario = 'healthy' | 'stock' | 'degraded';
export type DemoSourceName = 'prometheus' | 'opensearch' | 'harbor' | 'kubernetes';
export type DemoFault = 'down' | 'slow' | 'http500' | 'unauthorized' | 'malformed' | 'truncated' | 'wrong-shape' | 'empty';

export interface DemoScale {
  /** workload namespaces (system namespaces come on top) */
  namespaces: number;
  podsPerNamespace: number;
  harborProjects: number;
  artifactsPerProject: number;
  nodes: number;
  seed: number;
}

export interface DemoDataset {
  scenario: DemoScenario;
  scale: DemoScale;
  now: Date;
  clusterName: string;
  /** host name of the organisation's registry, as it appears in image references */
  harborHost: string;
  /**
   * Secret values planted in the cluster (a literal env value in a pod spec). They are here so that
   * tests can check that nothing downstream ever copies them.
   */
  plantedSecrets: string[];
  kubernetes: KubernetesData;
  harbor: HarborData;
  opensearch: OpenSearchData;
  prometheus: PrometheusData;
}

// ---------- Kubernetes ----------

export interface KubeObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
}

/** A Kubernetes object in its JSON form. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: KubeObjectMeta;
  [field: string]: unknown;
}

export interface KubeResource {
  /** API group; '' for the core group */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** sorted by namespace, then name — the order in which the API server lists objects */
  items: KubeObject[];
  /**
   * Whether list items carry apiVersion and kind. The API server leaves them out of items of
   * built-in lists and keeps them for custom resources.
   */
  isCustomResource: boolean;
}

export interface KubernetesData {
  /** the answer of GET /version */
  version: Record<string, string>;
  /** resourceVersion of every list answer (the dataset does not change) */
  resourceVersion: string;
  resources: KubeResource[];
}

// ---------- Harbor (API v2.0) ----------

export interface HarborVulnerabilitySummary {
  total: number;
  fixable: number;
  summary: Partial<Record<'Critical' | 'High' | 'Medium' | 'Low' | 'Unknown', number>>;
}

export interface HarborNativeReportSummary {
  report_id: string;
  scan_status: 'Success' | 'Error' | 'Running' | 'Pending' | 'Stopped';
  severity: 'Critical' | 'High' | 'Medium' | 'Low' | 'Unknown' | 'None';
  duration: number;
  summary: HarborVulnerabilitySummary;
  start_time: string;
  end_time: string;
  complete_percent: number;
  scanner: { name: string; vendor: string; version: string };
}

export interface HarborTag {
  id: number;
  repository_id: number;
  artifact_id: number;
  name: string;
  push_time: string;
  pull_time: string;
  immutable: boolean;
}

export interface HarborArtifact {
  id: number;
  type: 'IMAGE';
  media_type: string;
  manifest_media_type: string;
  project_id: number;
  repository_id: number;
  digest: string;
  size: number;
  push_time: string;
  pull_time: string;
  extra_attrs: Record<string, unknown>;
  annotations: Record<string, string> | null;
  references: null;
  tags: HarborTag[];
  labels: null;
  addition_links: Record<string, { href: string; absolute: boolean }>;
  /** keyed by report MIME type; absent when the artifact was never scanned */
  scan_overview?: Record<string, HarborNativeReportSummary>;
}

export interface HarborRepository {
  id: number;
  project_id: number;
  /** `project/repo`, possibly with more slashes */
  name: string;
  description: string;
  artifact_count: number;
  pull_count: number;
  creation_time: string;
  update_time: string;
}

export interface HarborProject {
  project_id: number;
  owner_id: number;
  owner_name: string;
  name: string;
  creation_time: string;
  update_time: string;
  deleted: boolean;
  repo_count: number;
  togglable: boolean;
  current_user_role_id: number;
  current_user_role_ids: number[];
  /** Harbor keeps these as strings: "true"/"false", and severity names in lower case */
  metadata: Record<'public' | 'auto_scan' | 'prevent_vul' | 'severity' | 'reuse_sys_cve_allowlist' | 'enable_content_trust', string>;
  cve_allowlist: HarborCveAllowlist;
}

export interface HarborCveAllowlist {
  id: number;
  project_id: number;
  expires_at: number | null;
  items: Array<{ cve_id: string }>;
  creation_time: string;
  update_time: string;
}

export interface HarborData {
  host: string;
  health: { status: string; components: Array<{ name: string; status: string; error?: string }> };
  systemInfo: Record<string, unknown>;
  scanners: Array<Record<string, unknown>>;
  cveAllowlist: HarborCveAllowlist;
  /** sorted by name */
  projects: HarborProject[];
  /** by project name */
  repositories: Map<string, HarborRepository[]>;
  /** by full repository name (`project/repo`), newest first */
  artifacts: Map<string, HarborArtifact[]>;
}

// ---------- OpenSearch ----------

export type LogAlias = 'kubernetes' | 'kubeaudit' | 'authlog' | 'other';

/**
 * A steady source of log documents: one document every `intervalMs` from `firstMs` on. Searches
 * count documents arithmetically instead of storing them.
 */
export interface LogStream {
  alias: LogAlias;
  /** values shared by every document of the stream, by dotted field name */
  fields: Readonly<Record<string, string>>;
  firstMs: number;
  intervalMs: number;
  /** time of the last document; undefined while the stream is still being written */
  lastMs?: number;
  /** the `_source` of document number `index` (0 = the first), written at `timestampMs` */
  document(index: number, timestampMs: number): Record<string, unknown>;
}

export interface OpenSearchIndex {
  name: string;
  alias: LogAlias;
  uuid: string;
  createdMs: number;
  /** documents with createdMs <= @timestamp < nextCreatedMs belong to this index */
  nextCreatedMs?: number;
  isWriteIndex: boolean;
  primaries: number;
  replicas: number;
  health: 'green' | 'yellow' | 'red';
}

export interface OpenSearchData {
  /** GET / */
  info: Record<string, unknown>;
  /** GET /_cluster/health */
  health: Record<string, unknown>;
  indices: OpenSearchIndex[];
  /** the ISM policies, in the shape of GET _plugins/_ism/policies items */
  policies: Array<Record<string, unknown>>;
  streams: LogStream[];
}

// ---------- Prometheus ----------

export type MetricType = 'counter' | 'gauge' | 'unknown';

/**
 * One time series on the dataset's sample grid (a sample every `stepMs` from `startMs`).
 * Values come from a function of the grid index, so series cost no memory per sample and keep
 * going while a demo cluster runs past `now`.
 */
export interface DemoSeries {
  name: string;
  /** labels without the metric name */
  labels: Readonly<Record<string, string>>;
  /** the grid index of the first sample */
  firstIndex: number;
  /** the grid index of the last sample; undefined while the series is still being scraped */
  lastIndex?: number;
  valueAt(index: number): number;
}

export interface PrometheusData {
  startMs: number;
  stepMs: number;
  /** grid index of the sample at `now`; the dataset's own samples are 0..nowIndex */
  nowIndex: number;
  series: DemoSeries[];
  metricTypes: Record<string, MetricType>;
  /** GET /api/v1/status/buildinfo data */
  buildInfo: Record<string, string>;
}
