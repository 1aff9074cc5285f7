import 'server-only';
import type { Database } from '@/lib/db';
import { evaluateControls, type EvaluationContext } from '@/lib/evaluate/evaluate-controls';
import { computeScore } from '@/lib/evaluate/score';
import type { ControlResult } from '@/lib/evaluate/types';
import { log } from '@/lib/log';
import { observeCollection } from '@/lib/metrics';
import { REFMAP_VERSION } from '@/lib/version';
import { storeSnapshot, type SourceFailure } from './store';
import type { CollectionTarget } from './targets';

export interface CollectionSummary {
  snapshotId: string;
  clusterName: string;
  /** position in the cluster's hash chain and the manifest hash that seals the snapshot */
  sequence: number;
  manifestHash: string;
  isSigned: boolean;
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

/**
 * Reads every source of one cluster, evaluates the catalog and stores one snapshot. A source that
 * cannot be read makes its controls `unknown` and is recorded on the snapshot; it never stops it.
 * Callers that may run on several replicas go through collectCluster (scheduler.ts), which locks.
 */
export async function collectSnapshot(
  database: Database,
  target: CollectionTarget,
  // `takenAt` is for the demo's history only: its simulators answer as they were at that time
  options: { signingKeyPem?: string; takenAt?: Date; onCheckTimed?: EvaluationContext['onCheckTimed'] } = {},
): Promise<CollectionSummary> {
  const startedAt = Date.now();
  const takenAt = options.takenAt ?? new Date();
  const { catalog } = target;
  const settings =
    catalog.settings.trustedRegistries.length > 0 ? catalog.settings : { ...catalog.settings, trustedRegistries: target.registryHosts };
  const results = await evaluateControls(catalog.controls, {
    sources: target.createReaders(),
    settings,
    now: takenAt,
    cluster: { name: target.clusterName, role: target.role, logsStoredIn: target.logsStoredIn },
    onCheckTimed: options.onCheckTimed,
    scope: target.scope,
  });
  const score = computeScore(results.map((result) => result.status));
  const sourceErrors = collectSourceFailures(results);
  const durationMs = Date.now() - startedAt;
  const stored = await storeSnapshot(
    database,
    { clusterName: target.clusterName, takenAt, durationMs, catalogVersion: catalog.version, refmapVersion: REFMAP_VERSION, score, sourceErrors, results },
    { signingKeyPem: options.signingKeyPem },
  );
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  observeCollection({ clusterName: target.clusterName, durationMs, sourceErrors });
  log.info(
    { event: 'snapshot.stored', snapshotId: stored.id, cluster: target.clusterName, sequence: stored.sequence, durationMs, score, counts, sourceErrors },
    'snapshot stored',
  );
  return {
    snapshotId: stored.id,
    clusterName: target.clusterName,
    sequence: stored.sequence,
    manifestHash: stored.manifestHash,
    isSigned: stored.isSigned,
    takenAt,
    durationMs,
    score,
    counts,
    sourceErrors,
    results,
  };
}
