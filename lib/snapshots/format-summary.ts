import { formatScore } from '@/lib/evaluate/score';
import type { CollectionSummary } from './collect';
import type { CollectionOutcome } from './scheduler';

/** The one-screen text summary printed by `npm run collect -- --once`. */
export function formatCollectionSummary(summary: CollectionSummary): string {
  const counts = Object.entries(summary.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status} ${count}`)
    .join(' · ');
  const lines = [
    `Snapshot ${summary.snapshotId} of cluster ${summary.clusterName}`,
    `  taken ${summary.takenAt.toISOString()} in ${summary.durationMs} ms · score ${formatScore(summary.score)} · ${counts}`,
    `  chain #${summary.sequence} · manifest ${summary.manifestHash}${summary.isSigned ? ' · signed' : ''}`,
    ...summary.sourceErrors.map((failure) => `  source ${failure.source} unavailable (${failure.kind}): ${failure.message}`),
    '',
    ...summary.results.map((result) => `  ${result.status.padEnd(14)} ${result.controlId.padEnd(26)} ${result.summary.slice(0, 90)}`),
  ];
  return lines.join('\n');
}

/** One collection's outcome: the summary, or why nothing was collected. */
export function formatCollectionOutcome(outcome: CollectionOutcome): string {
  if (outcome.status === 'collected') return formatCollectionSummary(outcome.summary);
  if (outcome.status === 'skipped') {
    const hint = outcome.reason === 'collected-this-interval' ? ' (--force takes another)' : '';
    return `Cluster ${outcome.clusterName}: skipped — ${outcome.message}${hint}`;
  }
  return `Cluster ${outcome.clusterName}: collection FAILED — ${outcome.error.message}`;
}
