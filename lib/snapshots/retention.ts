import 'server-only';
import type { RetentionPolicy } from '@/lib/config';
import type { Database } from '@/lib/db';
import { log } from '@/lib/log';
import { advisoryLockKey } from './lock-keys';

/**
 * Retention thins a cluster's history so that storage grows with time only slowly: the newest
 * snapshot of each hour is kept for `hourlyFor`, of each day until `dailyFor`, of each week after.
 * A bucket is thinned only once it is over, so the current hour keeps every snapshot, and the
 * newest snapshot of a cluster is never removed. Retention never erases a failure: every snapshot
 * where some control's status changed (from the snapshot before it) is kept too, whatever its bucket,
 * so trends and time to remediate see every change.
 *
 * A thinned snapshot leaves a tombstone with its sequence, manifest hash, previous manifest hash and
 * signature, so the hash chain still verifies across the gap. Evidence bodies no longer referenced
 * by any snapshot are deleted with it.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

type Bucket = 'hour' | 'day' | 'week';

/** UTC start of the bucket holding `time`; weeks start on Monday. */
function bucketStart(time: number, bucket: Bucket): number {
  if (bucket === 'hour') return Math.floor(time / HOUR_MS) * HOUR_MS;
  const day = Math.floor(time / DAY_MS) * DAY_MS;
  if (bucket === 'day') return day;
  const daysSinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return day - daysSinceMonday * DAY_MS;
}

/**
 * The bucket a snapshot is thinned in, or null while its hour is not over. A week (day) is the
 * bucket only once the whole week (day) is older than dailyFor (hourlyFor): every snapshot of a
 * bucket then gets the same bucket, so thinning later removes exactly what thinning once would.
 */
export function thinningBucket(time: number, policy: RetentionPolicy, now: number): string | null {
  const week = bucketStart(time, 'week');
  if (week + WEEK_MS <= now - policy.dailyForMs) return `week:${week}`;
  const day = bucketStart(time, 'day');
  if (day + DAY_MS <= now - policy.hourlyForMs) return `day:${day}`;
  const hour = bucketStart(time, 'hour');
  if (hour + HOUR_MS <= now) return `hour:${hour}`;
  return null;
}

/** What a snapshot looked like, for thinning: `statuses` digests every control's status (equal ⇔ no change). */
export interface ThinningCandidate {
  id: string;
  takenAt: Date;
  statuses?: string;
}

/** Snapshots whose statuses differ from the one before them (the first one included). */
function statusChanges(snapshots: ThinningCandidate[]): Set<string> {
  const sorted = [...snapshots].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime() || (a.id < b.id ? -1 : 1));
  const changes = new Set<string>();
  sorted.forEach((snapshot, index) => {
    const previous = sorted[index - 1];
    if (snapshot.statuses !== undefined && (previous === undefined || previous.statuses !== snapshot.statuses)) changes.add(snapshot.id);
  });
  return changes;
}

/**
 * Pure: the ids of the snapshots that retention removes: all but the newest of each bucket and
 * those where a status changed (removing a snapshot that changed nothing never makes another one a
 * change, so thinning step by step keeps what thinning once would).
 * @example
 * // now 12:30; snapshots at 10:00, 10:15, 10:45, 12:05 → removes 10:00 and 10:15
 * selectSnapshotsToThin(snapshots, { isEnabled: true, hourlyForMs: 7 * DAY_MS, dailyForMs: 90 * DAY_MS }, now)
 */
export function selectSnapshotsToThin(snapshots: ThinningCandidate[], policy: RetentionPolicy, now: Date): string[] {
  if (!policy.isEnabled) return [];
  const changes = statusChanges(snapshots);
  const newestPerBucket = new Map<string, { id: string; time: number }>();
  const candidates: { id: string; bucket: string }[] = [];
  for (const snapshot of snapshots) {
    const time = snapshot.takenAt.getTime();
    const bucket = thinningBucket(time, policy, now.getTime());
    if (bucket === null) continue;
    candidates.push({ id: snapshot.id, bucket });
    const newest = newestPerBucket.get(bucket);
    if (!newest || time > newest.time || (time === newest.time && snapshot.id > newest.id)) newestPerBucket.set(bucket, { id: snapshot.id, time });
  }
  return candidates.filter((candidate) => newestPerBucket.get(candidate.bucket)?.id !== candidate.id && !changes.has(candidate.id)).map((candidate) => candidate.id);
}

/** Applies retention to one cluster in one transaction; returns how many snapshots were thinned. */
export async function thinSnapshots(database: Database, clusterName: string, policy: RetentionPolicy, now: Date = new Date()): Promise<number> {
  if (!policy.isEnabled) return 0;
  const thinned = await database.prisma.$transaction(
    async (tx) => {
      const cluster = await tx.cluster.findUnique({ where: { name: clusterName }, select: { id: true } });
      if (!cluster) return 0;
      // The same lock as a write of this cluster: the chain does not move while we cut it.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${advisoryLockKey('chain', clusterName).toString()}::bigint)`;
      // Snapshots from before sealing (no sequence) are not part of the chain; retention leaves them be.
      // one digest of (control, status) per snapshot, computed in the database
      const sealed = await tx.$queryRaw<ThinningCandidate[]>`
        SELECT s.id::text AS id, s.taken_at AS "takenAt",
               md5(coalesce(string_agg(r.control_id || '=' || r.status, ',' ORDER BY r.control_id COLLATE "C"), '')) AS statuses
        FROM snapshot s LEFT JOIN control_result r ON r.snapshot_id = s.id
        WHERE s.cluster_id = ${cluster.id}::uuid AND s.sequence IS NOT NULL
        GROUP BY s.id, s.taken_at`;
      const ids = selectSnapshotsToThin(sealed, policy, now);
      if (ids.length === 0) return 0;

      const doomed = await tx.snapshot.findMany({
        where: { id: { in: ids } },
        select: { id: true, sequence: true, takenAt: true, manifestHash: true, previousManifestHash: true, signature: true, publicKey: true },
      });
      await tx.snapshotTombstone.createMany({
        data: doomed.map((snapshot) => ({
          snapshotId: snapshot.id,
          clusterId: cluster.id,
          sequence: snapshot.sequence!,
          takenAt: snapshot.takenAt,
          manifestHash: snapshot.manifestHash!,
          previousManifestHash: snapshot.previousManifestHash,
          signature: snapshot.signature,
          publicKey: snapshot.publicKey,
          // the time the buckets were judged at: verify re-judges each tombstone at this time
          thinnedAt: now,
        })),
      });
      const bodies = await tx.evidence.findMany({
        where: { controlResult: { snapshotId: { in: ids } } },
        select: { bodySha256: true },
        distinct: ['bodySha256'],
      });
      // results, evidence rows and section counts go with their snapshot (ON DELETE CASCADE)
      await tx.snapshot.deleteMany({ where: { id: { in: ids } } });
      // Exclusive: no writer is between "this body exists" and referencing it.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${advisoryLockKey('evidence-bodies').toString()}::bigint)`;
      await tx.evidenceBody.deleteMany({ where: { sha256: { in: bodies.map((body) => body.bodySha256) }, evidence: { none: {} } } });
      return doomed.length;
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
  if (thinned > 0) log.info({ event: 'retention.thinned', cluster: clusterName, thinned }, 'retention thinned old snapshots');
  return thinned;
}
