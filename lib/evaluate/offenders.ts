import type { JsonValue } from './canonical-json';
import type { Offender } from './types';

/**
 * Keeps evidence bounded: the first `max` offenders (sorted, so the excerpt is stable between
 * snapshots and hashes only change when the cluster does) and the total count.
 */
export function capOffenders(offenders: Offender[], max: number): { offenders: JsonValue; totalOffenders: number } {
  const sorted = [...offenders].sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : a.reason < b.reason ? -1 : 1));
  return { offenders: sorted.slice(0, max), totalOffenders: offenders.length };
}

/** "3 of 12 workload containers run as root" style counts, with correct plurals. */
export function countPhrase(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
