import 'server-only';
import { getMetrics } from './registry';

/**
 * What collection code reports. Counters and histograms count what happened in this process; the
 * status and score gauges are read from the database at scrape time (see snapshot-gauges.ts), so
 * they are right whichever process (app or CronJob) took the snapshot.
 */

export interface CollectionObservation {
  clusterName: string;
  durationMs: number;
  /** one per source that could not be read */
  sourceErrors: readonly { source: string; kind: string }[];
}

/** After a snapshot was stored: `observeCollection(summary)` (a CollectionSummary fits). */
export function observeCollection(observation: CollectionObservation): void {
  const metrics = getMetrics();
  metrics.collectionDuration.observe({ cluster: observation.clusterName }, observation.durationMs / 1000);
  metrics.collections.inc({ cluster: observation.clusterName, outcome: 'collected' });
  for (const failure of observation.sourceErrors) {
    metrics.sourceErrors.inc({ cluster: observation.clusterName, source: failure.source, kind: failure.kind });
  }
}

/** When a collection stored nothing (database down, evaluation crashed). */
export function observeCollectionFailure(clusterName: string): void {
  getMetrics().collections.inc({ cluster: clusterName, outcome: 'failed' });
}

/** After each request to a source, from its client: `observeSourceRequest('harbor', 230, 'ok')`. */
export function observeSourceRequest(source: string, durationMs: number, outcome: 'ok' | 'error'): void {
  getMetrics().sourceRequestDuration.observe({ source, outcome }, durationMs / 1000);
}
