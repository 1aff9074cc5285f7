import 'server-only';
import { CATALOG_VERSION, CONTROLS } from '@/lib/catalog';
import { DEFAULT_CATALOG_SETTINGS } from '@/lib/catalog/settings';
import type { Database } from '@/lib/db';
import { evaluateControls } from '@/lib/evaluate/evaluate-controls';
import { computeScore } from '@/lib/evaluate/score';
import type { ControlResult } from '@/lib/evaluate/types';
import { log } from '@/lib/log';
import { REFMAP_VERSION } from '@/lib/version';
import { storeSnapshot, type SourceFailure } from './store';
import type { CollectionTarget } from './targets';

export interface CollectionSummary {
  snapshotId: string;
  clusterName: string;
  takenAt: Date;
  durationMs: number;
  score: number | null;
  counts: Record<string, number>;
  sourceErrors: SourceFailure[];
  results: ControlResult[];
}

/** The distinct source failures behind `unknown` evidence, one per source. */
export function collectSourceFailures(results: ControlResult[]): SourceFailure[] {
  const bySource = new Map<string, SourceFailure>();
  for (const item of results.flatMap((result) => result.evidence)) {
    const error = item.excerpt.error;
    if (item.status !== 'unknown' || typeof error !== 'object' || error === null || Array.isArray(error)) continue;
    const source = String(error.source ?? item.source);
    if (!bySource.has(source)) {
      bySource.set(source, { source, kind: String(error.kind ?? 'unknown'), message: String(error.message ?? item.summary) });
    }
  }
  return [...bySource.values()];
}

/** Reads every source of one cluster, evaluates the catalog and stores one snapshot. */
export async function collectSnapshot(database: Database, target: CollectionTarget): Promise<CollectionSummary> {
  const startedAt = Date.now();
  const takenAt = new Date();
  const results = await evaluateControls(CONTROLS, { sources: target.createReaders(), settings: DEFAULT_CATALOG_SETTINGS, now: takenAt });
  const score = computeScore(results.map((result) => result.status));
  const sourceErrors = collectSourceFailures(results);
  const durationMs = Date.now() - startedAt;
  const { id } = await storeSnapshot(database, {
    clusterName: target.clusterName,
    takenAt,
    durationMs,
    catalogVersion: CATALOG_VERSION,
    refmapVersion: REFMAP_VERSION,
    score,
    sourceErrors,
    results,
  });
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  log.info({ event: 'snapshot.stored', snapshotId: id, cluster: target.clusterName, durationMs, score, counts, sourceErrors }, 'snapshot stored');
  return { snapshotId: id, clusterName: target.clusterName, takenAt, durationMs, score, counts, sourceErrors, results };
}
