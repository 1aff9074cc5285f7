import type { RetentionPolicy } from '@/lib/config';
import { thinningBucket } from './retention';

/**
 * What a database writer could pass off as retention. Retention removes every snapshot of a bucket
 * but the newest (retention.ts), and records the time it judged the buckets at as `thinnedAt`; so a
 * tombstone is genuine only if, judged at its `thinnedAt`, its hour was over and a newer snapshot
 * (kept, or thinned later in a coarser bucket) shares its bucket. Anything else — the newest snapshot
 * of an hour, day or week turned into a tombstone, a tombstone "thinned" in the future — is a
 * snapshot deleted by hand and made to look like retention.
 *
 * Buckets only ever grow (hour ⊂ day ⊂ week), so the newest snapshot of a bucket stays the newest
 * of it: checking against the next snapshot in time is enough (O(n log n) per cluster).
 */

export interface TimedLink {
  kind: 'snapshot' | 'tombstone';
  id: string;
  takenAt: Date;
  /** tombstones only */
  thinnedAt?: Date;
}

/** Tolerated clock difference between the writer of a tombstone and the verifier. */
const CLOCK_SKEW_MS = 5 * 60_000;

const byTime = (a: TimedLink, b: TimedLink) => a.takenAt.getTime() - b.takenAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Problems with the tombstones of one cluster, by tombstone id. */
export function findForgedTombstones(links: TimedLink[], policy: RetentionPolicy, now: Date): Map<string, string> {
  const problems = new Map<string, string>();
  const sorted = [...links].sort(byTime);
  sorted.forEach((link, index) => {
    if (link.kind !== 'tombstone' || link.thinnedAt === undefined) return;
    const judgedAt = link.thinnedAt.getTime();
    if (judgedAt > now.getTime() + CLOCK_SKEW_MS) {
      problems.set(link.id, `its tombstone says it was thinned at ${link.thinnedAt.toISOString()}, in the future: retention did not make it`);
      return;
    }
    const bucket = thinningBucket(link.takenAt.getTime(), policy, judgedAt);
    if (bucket === null) {
      problems.set(link.id, `its tombstone says it was thinned at ${link.thinnedAt.toISOString()}, before its hour was over: retention did not make it`);
      return;
    }
    const next = sorted[index + 1];
    if (next === undefined || thinningBucket(next.takenAt.getTime(), policy, judgedAt) !== bucket) {
      problems.set(link.id, `was the newest snapshot of its ${bucket.split(':')[0]}, which retention keeps: it was deleted and made to look like retention`);
    }
  });
  return problems;
}
