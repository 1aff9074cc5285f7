import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { ControlStatus } from '@/lib/evaluate/types';

/**
 * Keeps control_status_change up to date when a snapshot is written, in the snapshot's transaction:
 * a row for each control whose pass/fail differs from its last recorded pass/fail in the cluster.
 * Time to remediate (lib/data/remediation.ts) then reads these few rows instead of every result.
 * Only pass and fail decide; the other statuses leave the last change standing.
 *
 * Snapshots normally arrive in time order, and then the last recorded change of each control is all
 * that is needed (one index lookup per control). A snapshot older than the cluster's newest one
 * (an import, a clock set back) can split a recorded episode, so the changes from its time on are
 * recomputed from the stored results, starting from the last change before it.
 */

export interface DecisiveResult {
  controlId: string;
  sectionId: string;
  status: ControlStatus;
}

type DecisiveStatus = 'pass' | 'fail';

const isDecisive = (status: ControlStatus): status is DecisiveStatus => status === 'pass' || status === 'fail';

/** Records the status changes a snapshot of `clusterId` taken at `takenAt` brings (its results already stored). */
export async function recordStatusChanges(tx: Prisma.TransactionClient, snapshot: { clusterId: string; takenAt: Date; results: DecisiveResult[] }): Promise<void> {
  const { clusterId, takenAt } = snapshot;
  const newer = await tx.$queryRaw<{ found: number }[]>`
    SELECT 1 AS found FROM snapshot WHERE cluster_id = ${clusterId}::uuid AND taken_at > ${takenAt} LIMIT 1`;
  if (newer.length > 0) {
    await recomputeStatusChangesFrom(tx, clusterId, takenAt);
    return;
  }
  const decisive = snapshot.results.filter((result) => isDecisive(result.status));
  if (decisive.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO control_status_change (cluster_id, control_id, section_id, status, changed_at)
    SELECT ${clusterId}::uuid, n.control_id, n.section_id, n.status, ${takenAt}
    FROM unnest(${decisive.map((result) => result.controlId)}::text[], ${decisive.map((result) => result.sectionId)}::text[],
                ${decisive.map((result) => result.status)}::text[]) AS n(control_id, section_id, status)
    LEFT JOIN LATERAL (
      SELECT c.status FROM control_status_change c
      WHERE c.cluster_id = ${clusterId}::uuid AND c.control_id = n.control_id AND c.changed_at <= ${takenAt}
      ORDER BY c.changed_at DESC, c.id DESC
      LIMIT 1
    ) last ON true
    WHERE last.status IS DISTINCT FROM n.status`;
}

/**
 * Replaces the cluster's changes at or after `from` with those its stored results show, each
 * control starting from its last change before `from`. The same rule as the migration's backfill.
 */
async function recomputeStatusChangesFrom(tx: Prisma.TransactionClient, clusterId: string, from: Date): Promise<void> {
  await tx.$executeRaw`DELETE FROM control_status_change WHERE cluster_id = ${clusterId}::uuid AND changed_at >= ${from}`;
  await tx.$executeRaw`
    INSERT INTO control_status_change (cluster_id, control_id, section_id, status, changed_at)
    SELECT ${clusterId}::uuid, control_id, section_id, status, taken_at
    FROM (
      SELECT r.control_id, r.section_id, r.status, s.taken_at, s.id AS snapshot_id,
             coalesce(
               lag(r.status) OVER (PARTITION BY r.control_id ORDER BY s.taken_at, s.id),
               (SELECT c.status FROM control_status_change c
                WHERE c.cluster_id = ${clusterId}::uuid AND c.control_id = r.control_id AND c.changed_at < ${from}
                ORDER BY c.changed_at DESC, c.id DESC LIMIT 1)
             ) AS previous
      FROM snapshot s JOIN control_result r ON r.snapshot_id = s.id
      WHERE s.cluster_id = ${clusterId}::uuid AND s.taken_at >= ${from} AND r.status IN ('pass', 'fail')
    ) AS decisive
    WHERE previous IS DISTINCT FROM status
    ORDER BY control_id, taken_at, snapshot_id`;
}
