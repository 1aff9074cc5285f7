import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Database } from '@/lib/db';
import { NoSuchClusterError } from './matrix';

/**
 * Time to remediate: how long a control stayed failing, from the first `fail` to the next `pass`.
 * Only pass and fail decide: `warn`, `unknown` (a source was down) and the like neither start nor end
 * a failure. Computed in SQL with window functions over the stored results; retention's thinning
 * makes old episodes coarser (a snapshot per day or week), never longer than they were by more
 * than one kept interval.
 */

export interface RemediationEpisode {
  controlId: string;
  sectionId: string;
  failedAt: string;
  /** null while the control still fails */
  fixedAt: string | null;
  seconds: number | null;
}

export interface RemediationStats {
  controlId: string;
  sectionId: string;
  /** failures that ended with a pass */
  remediated: number;
  meanSeconds: number | null;
  maxSeconds: number | null;
  /** when the failure still going on began; null when the control is not failing */
  failingSince: string | null;
}

export interface RemediationQuery {
  clusterName: string;
  /** one control, or all */
  controlId?: string;
  /** failures that began within [from, to] */
  from?: Date;
  to?: Date;
}

/** The episodes of failure (first fail → next pass) of a cluster's controls, as a SQL fragment. */
async function episodesSql(database: Database, query: RemediationQuery): Promise<Prisma.Sql> {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: query.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(query.clusterName);
  const controlId = query.controlId ?? null;
  const from = query.from ?? new Date(0);
  const to = query.to ?? new Date('9999-12-31T00:00:00Z');
  return Prisma.sql`
    WITH decisive AS (
      -- pass/fail results in time order, each with the decisive status before it
      SELECT r.control_id, r.section_id, s.taken_at, r.status,
             lag(r.status) OVER (PARTITION BY r.control_id ORDER BY s.taken_at, s.id) AS previous_status
      FROM control_result r
      JOIN snapshot s ON s.id = r.snapshot_id
      WHERE s.cluster_id = ${cluster.id}::uuid
        AND r.status IN ('pass', 'fail')
        AND (${controlId}::text IS NULL OR r.control_id = ${controlId}::text)
    ), changes AS (
      -- only the changes: fail and pass now alternate, so the change after a fail is its fix
      SELECT control_id, section_id, taken_at, status,
             lead(taken_at) OVER (PARTITION BY control_id ORDER BY taken_at) AS next_change_at
      FROM decisive
      WHERE previous_status IS DISTINCT FROM status
    ), episodes AS (
      SELECT control_id, section_id, taken_at AS failed_at, next_change_at AS fixed_at,
             EXTRACT(EPOCH FROM next_change_at - taken_at)::float8 AS seconds
      FROM changes
      WHERE status = 'fail' AND taken_at >= ${from} AND taken_at <= ${to}
    )`;
}

/** Every failure episode of a cluster's controls (or of one control), oldest first. */
export async function readRemediationEpisodes(database: Database, query: RemediationQuery): Promise<RemediationEpisode[]> {
  const rows = await database.prisma.$queryRaw<{ controlId: string; sectionId: string; failedAt: Date; fixedAt: Date | null; seconds: number | null }[]>`
    ${await episodesSql(database, query)}
    SELECT control_id AS "controlId", section_id AS "sectionId", failed_at AS "failedAt", fixed_at AS "fixedAt", seconds
    FROM episodes
    ORDER BY control_id, failed_at`;
  return rows.map((row) => ({
    controlId: row.controlId,
    sectionId: row.sectionId,
    failedAt: row.failedAt.toISOString(),
    fixedAt: row.fixedAt?.toISOString() ?? null,
    seconds: row.seconds,
  }));
}

/**
 * Time to remediate per control that failed in the range: how many failures were fixed, how long
 * they took on average and at most, and since when it fails if it still does.
 */
export async function readTimeToRemediate(database: Database, query: RemediationQuery): Promise<RemediationStats[]> {
  const rows = await database.prisma.$queryRaw<
    { controlId: string; sectionId: string; remediated: number; meanSeconds: number | null; maxSeconds: number | null; failingSince: Date | null }[]
  >`
    ${await episodesSql(database, query)}
    SELECT control_id AS "controlId",
           max(section_id) AS "sectionId",
           count(fixed_at)::int AS remediated,
           avg(seconds)::float8 AS "meanSeconds",
           max(seconds)::float8 AS "maxSeconds",
           max(failed_at) FILTER (WHERE fixed_at IS NULL) AS "failingSince"
    FROM episodes
    GROUP BY control_id
    ORDER BY control_id`;
  return rows.map((row) => ({ ...row, failingSince: row.failingSince?.toISOString() ?? null }));
}
