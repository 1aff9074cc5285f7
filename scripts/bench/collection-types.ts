import type { SourceReaders } from '@/lib/evaluate/source-readers';

/** What the collection part's two child processes and the benchmark exchange. */

export interface DemoClusterInfo {
  urls: { prometheus: string; opensearch: string; harbor: string; kubernetes: string };
  credentials: {
    prometheusToken: string;
    opensearchUsername: string;
    opensearchPassword: string;
    harborUsername: string;
    harborPassword: string;
    kubernetesToken: string;
  };
  harborHost: string;
  counts: { pods: number; namespaces: number; harborProjects: number; harborRepositories: number; harborArtifacts: number };
  startMs: number;
  /** the demo's process id, whose CPU time /proc tells */
  pid: number;
}

export interface CollectionWorkerInput {
  demo: DemoClusterInfo;
  databaseUrl: string;
  clusterName: string;
  /** measured rounds, after one warm-up round */
  rounds: number;
  /** only snapshots, no single calls: the process does what a collector does, for its peak RSS */
  isSnapshotOnly: boolean;
  /** pause before each measured round, as between a scheduler's collections */
  pauseMs: number;
  sourceTimeoutMs: number;
}

/** RSS after loading the collector's dependencies one group at a time (module-rss.ts). */
export interface ModuleRss {
  /** what was loaded, and the RSS in bytes after it (the first: Node and the TypeScript loader alone) */
  steps: { loaded: string; rssBytes: number }[];
}

/** Wall time of one measurement, and the CPU time the collector and the demo's servers spent meanwhile. */
export interface Timing {
  wallMs: number;
  collectorCpuMs: number;
  demoCpuMs: number;
}

/** wallMs: collectSnapshot from call to return (every check, evaluation and the store) */
export interface SnapshotTiming extends Timing {
  /** reading the sources and evaluating (the snapshot's own durationMs) */
  evaluateMs: number;
  /** hashing and writing it in one transaction */
  storeMs: number;
  snapshotId: string;
  sourceErrors: string[];
  counts: Record<string, number>;
  evidence: number;
  /** the SourceReaders methods that the checks called */
  readersUsed: string[];
}

export interface CollectionRound {
  /** each source read timed alone, by name */
  calls: Record<string, Timing>;
  snapshot: SnapshotTiming;
}

export interface CollectionRun {
  warmUp: CollectionRound;
  rounds: CollectionRound[];
  /** the slowest checks of the last measured snapshot, for explaining where the time goes */
  slowestChecks: { check: string; ms: number }[];
  /** process.resourceUsage().maxRSS after all rounds, in bytes */
  peakRssBytes: number;
  /** after the warm-up round only: what one collection needs */
  peakRssAfterWarmUpBytes: number;
  /** RSS with every module loaded and the database open, before the first round */
  startRssBytes: number;
  /** V8 heap in use after a full collection at the end (when the process may force one), to tell a leak from slack */
  heapAfterGcBytes?: number;
  lastSnapshotId: string;
  items: { pods: number; harborArtifacts: number };
}

/**
 * The source reads that scale with the cluster, each timed on its own (fresh readers: nothing
 * memoised). `reader` names the SourceReaders method, to tell whether a snapshot reads it at all.
 */
export const SOURCE_CALLS: { name: string; reader: keyof SourceReaders; label: string; read: (readers: SourceReaders) => Promise<unknown[]> }[] = [
  { name: 'kubernetes.pods', reader: 'pods', label: 'Kubernetes: all pods (pages of 500, limit/continue)', read: (readers) => readers.pods() },
  { name: 'harbor.artifacts', reader: 'harborArtifacts', label: 'Harbor: all projects, repositories and artifacts (pages of 100)', read: (readers) => readers.harborArtifacts() },
  { name: 'kubernetes.workloads', reader: 'workloads', label: 'Kubernetes: all Deployments and DaemonSets', read: (readers) => readers.workloads() },
  { name: 'kubernetes.vulnerabilityReports', reader: 'vulnerabilityReports', label: 'Kubernetes: all Trivy VulnerabilityReports', read: async (readers) => (await readers.vulnerabilityReports()).items },
  { name: 'kubernetes.networkPolicies', reader: 'networkPolicies', label: 'Kubernetes: all NetworkPolicies', read: (readers) => readers.networkPolicies() },
  { name: 'kubernetes.namespaces', reader: 'namespaces', label: 'Kubernetes: all namespaces', read: (readers) => readers.namespaces() },
];
