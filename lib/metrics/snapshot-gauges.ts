import 'server-only';
import { getConfig } from '@/lib/config';
import { readLatestScores } from '@/lib/data/gate';
import { readMonitoringFacts } from '@/lib/data/monitoring';
import type { Database } from '@/lib/db';
import { CONTROL_STATUSES } from '@/lib/evaluate/types';
import { readChainHeads } from '@/lib/snapshots/chain-head';
import { getMetrics } from './registry';

/**
 * Sets the status and score gauges from the newest snapshot of every cluster. Called on each scrape:
 * the database is the truth, and a control dropped from the catalog disappears from the metrics.
 */
export async function refreshSnapshotGauges(database: Database): Promise<void> {
  const latest = await readLatestScores(database);
  const metrics = getMetrics();
  metrics.controlStatus.reset();
  metrics.sectionScore.reset();
  metrics.clusterScore.reset();
  metrics.lastSnapshot.reset();
  metrics.chainHeadSequence.reset();
  for (const head of await readChainHeads(database)) metrics.chainHeadSequence.set({ cluster: head.cluster }, head.sequence);
  for (const cluster of latest) {
    for (const control of cluster.controls) {
      for (const status of CONTROL_STATUSES) {
        metrics.controlStatus.set({ cluster: cluster.cluster, control: control.id, status }, control.status === status ? 1 : 0);
      }
    }
    // a section or cluster with no scored control has no score: leave it out rather than report 0
    for (const section of cluster.sections) {
      if (section.score !== null) metrics.sectionScore.set({ cluster: cluster.cluster, section: section.id }, section.score);
    }
    if (cluster.score !== null) metrics.clusterScore.set({ cluster: cluster.cluster }, cluster.score);
    metrics.lastSnapshot.set({ cluster: cluster.cluster }, cluster.snapshot.takenAt.getTime() / 1000);
  }
  await refreshMonitoringGauges(database);
}

/** The gauges the alert rules watch besides scores: failing sources, expiring sign-offs, the interval. */
async function refreshMonitoringGauges(database: Database): Promise<void> {
  const facts = await readMonitoringFacts(database, new Date());
  const metrics = getMetrics();
  metrics.snapshotSourceErrors.reset();
  metrics.signOffExpiry.reset();
  for (const failure of facts.sourceErrors) metrics.snapshotSourceErrors.set({ cluster: failure.cluster, source: failure.source, kind: failure.kind }, 1);
  for (const signOff of facts.signOffExpiries) {
    metrics.signOffExpiry.set({ cluster: signOff.cluster, control: signOff.control, kind: signOff.kind }, signOff.expiresAt.getTime() / 1000);
  }
  metrics.collectInterval.set(getConfig().collectIntervalMs / 1000);
}
