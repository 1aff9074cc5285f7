import 'server-only';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Refmap's own metrics, in one registry per process. `next dev` re-evaluates modules on every
 * change; keeping the registry on globalThis stops it from registering each metric twice (which
 * prom-client refuses) or losing the counts so far.
 */
export interface RefmapMetrics {
  registry: Registry;
  collectionDuration: Histogram<'cluster'>;
  collections: Counter<'cluster' | 'outcome'>;
  sourceErrors: Counter<'cluster' | 'source' | 'kind'>;
  sourceRequestDuration: Histogram<'source' | 'outcome'>;
  controlStatus: Gauge<'cluster' | 'control' | 'status'>;
  sectionScore: Gauge<'cluster' | 'section'>;
  clusterScore: Gauge<'cluster'>;
  lastSnapshot: Gauge<'cluster'>;
  snapshotSourceErrors: Gauge<'cluster' | 'source' | 'kind'>;
  signOffExpiry: Gauge<'cluster' | 'control' | 'kind'>;
  collectInterval: Gauge;
  chainHeadSequence: Gauge<'cluster'>;
}

function createMetrics(): RefmapMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    collectionDuration: new Histogram({
      name: 'refmap_collection_duration_seconds',
      help: 'Time to read every source of a cluster, evaluate the catalog and store the snapshot',
      labelNames: ['cluster'],
      buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
      registers: [registry],
    }),
    collections: new Counter({
      name: 'refmap_collections_total',
      help: 'Collections run by this process, by outcome (collected: a snapshot was stored; failed: none was)',
      labelNames: ['cluster', 'outcome'],
      registers: [registry],
    }),
    sourceErrors: new Counter({
      name: 'refmap_source_errors_total',
      help: 'Sources that could not be read during a collection (their controls became unknown), by source and error kind',
      labelNames: ['cluster', 'source', 'kind'],
      registers: [registry],
    }),
    sourceRequestDuration: new Histogram({
      name: 'refmap_source_request_duration_seconds',
      help: 'Duration of single requests to a source (Prometheus, OpenSearch, Harbor, Kubernetes)',
      labelNames: ['source', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    controlStatus: new Gauge({
      name: 'refmap_control_status',
      help: 'Status of each control in the newest snapshot of each cluster: 1 for the current status, 0 for the others',
      labelNames: ['cluster', 'control', 'status'],
      registers: [registry],
    }),
    sectionScore: new Gauge({
      name: 'refmap_section_score',
      help: 'Score of each Reference Design section in the newest snapshot (pass / (pass + fail + warn + unknown), 0 to 1)',
      labelNames: ['cluster', 'section'],
      registers: [registry],
    }),
    clusterScore: new Gauge({
      name: 'refmap_score',
      help: 'Overall score of the newest snapshot of each cluster (0 to 1)',
      labelNames: ['cluster'],
      registers: [registry],
    }),
    lastSnapshot: new Gauge({
      name: 'refmap_last_snapshot_timestamp_seconds',
      help: 'When the newest snapshot of each cluster was taken (Unix time): alert when it gets old',
      labelNames: ['cluster'],
      registers: [registry],
    }),
    snapshotSourceErrors: new Gauge({
      name: 'refmap_snapshot_source_errors',
      help: 'Sources the newest snapshot of each cluster could not read (1 per source and error kind; their controls are unknown)',
      labelNames: ['cluster', 'source', 'kind'],
      registers: [registry],
    }),
    signOffExpiry: new Gauge({
      name: 'refmap_signoff_expiry_timestamp_seconds',
      help: 'When the earliest-expiring attestation or waiver in force of each control expires (Unix time; kind: attestation or waiver)',
      labelNames: ['cluster', 'control', 'kind'],
      registers: [registry],
    }),
    collectInterval: new Gauge({
      name: 'refmap_collect_interval_seconds',
      help: 'REFMAP_COLLECT_INTERVAL: one snapshot per cluster is expected this often',
      registers: [registry],
    }),
    chainHeadSequence: new Gauge({
      name: 'refmap_chain_head_sequence',
      help: "The sequence of the head of each cluster's hash chain: alert when it ever goes down (snapshots deleted)",
      labelNames: ['cluster'],
      registers: [registry],
    }),
  };
}

const globalForMetrics = globalThis as unknown as { refmapMetrics?: RefmapMetrics };

export function getMetrics(): RefmapMetrics {
  globalForMetrics.refmapMetrics ??= createMetrics();
  return globalForMetrics.refmapMetrics;
}
