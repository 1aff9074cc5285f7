import { formatScore } from '@/components/score';
import type { CollectionSummary } from './collect';

/** The one-screen text summary printed by `npm run collect -- --once`. */
export function formatCollectionSummary(summary: CollectionSummary): string {
  const counts = Object.entries(summary.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status} ${count}`)
    .join(' · ');
  const lines = [
    `Snapshot ${summary.snapshotId} of cluster ${summary.clusterName}`,
    `  taken ${summary.takenAt.toISOString()} in ${summary.durationMs} ms · score ${formatScore(summary.score)} · ${counts}`,
    ...summary.sourceErrors.map((failure) => `  source ${failure.source} unavailable (${failure.kind}): ${failure.message}`),
    '',
    ...summary.results.map((result) => `  ${result.status.padEnd(14)} ${result.controlId.padEnd(26)} ${result.summary.slice(0, 90)}`),
  ];
  return lines.join('\n');
}
