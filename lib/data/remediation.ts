import 'server-only';
import type { Database } from '@/lib/db';
import { NoSuchClusterError } from './matrix';

/**
 * Time to remediate: how long a control stayed failing, from the first `fail` to the next `pass`.
 * Only pass and fail decide: `warn`, `unknown` (a source was down) and the like neither start nor end
 * a failure.
 *
 * Read from the status changes kept when each snapshot is written (control_status_change, see
 * lib/snapshots/status-changes.ts): a few rows per control and year, where the results of a year of
 * hourly snapshots are ~330,000 per cluster (see BENCHMARKS.md). A range reads the changes from its
 * start to now (a failure that began in it may be fixed after it) and, per control, the last change
 * before it (a failure going on at its start began before it and does not count). Thinning history
 * keeps the changes; those backfilled from already thinned history sit at the snapshots kept.
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

interface ChangeRow {
  controlId: string;
  sectionId: string;
  status: string;
  changedAt: Date;
  /** true for the last change before the range: the state the range starts in */
  isBefore: boolean;
}

/** The failure episodes of a cluster's controls, per control in the database's order of control ids, oldest first. */
async function readEpisodes(database: Database, query: RemediationQuery): Promise<RemediationEpisode[]> {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: query.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(query.clusterName);
  const from = query.from ?? new Date(0);
  const to = query.to ?? new Date('9999-12-31T00:00:00Z');
  const controlId = query.controlId ?? null;

  // Both halves walk control_status_change_cluster_id_control_id_changed_at_idx; the UNION ALL
  // keeps them one round trip, ordered per control with the state before the range first.
  const rows = await database.prisma.$queryRaw<ChangeRow[]>`
    SELECT control_id AS "controlId", section_id AS "sectionId", status, changed_at AS "changedAt", is_before AS "isBefore", id
    FROM (
      SELECT DISTINCT ON (c.control_id) c.control_id, c.section_id, c.status, c.changed_at, c.id, true AS is_before
      FROM control_status_change c
      WHERE c.cluster_id = ${cluster.id}::uuid AND c.changed_at < ${from} AND (${controlId}::text IS NULL OR c.control_id = ${controlId}::text)
      ORDER BY c.control_id, c.changed_at DESC, c.id DESC
    ) AS before_range
    UNION ALL
    SELECT c.control_id, c.section_id, c.status, c.changed_at, false, c.id
    FROM control_status_change c
    WHERE c.cluster_id = ${cluster.id}::uuid AND c.changed_at >= ${from} AND (${controlId}::text IS NULL OR c.control_id = ${controlId}::text)
    ORDER BY "controlId", "isBefore" DESC, "changedAt", id`;

  const episodes: { controlId: string; failedAt: Date; fixedAt: Date | null }[] = [];
  // the section each control was stored under at its newest change (rows are per control, oldest first)
  const sections = new Map<string, string>();
  let control: string | undefined;
  let isFailing = false;
  // when the failure going on began, if it began within [from, to]; one that began before or after is not opened
  let openSince: Date | undefined;
  const closeOpen = () => {
    if (control !== undefined && openSince !== undefined) episodes.push({ controlId: control, failedAt: openSince, fixedAt: null });
    openSince = undefined;
  };
  for (const row of rows) {
    if (row.controlId !== control) {
      closeOpen();
      control = row.controlId;
      isFailing = false;
    }
    sections.set(row.controlId, row.sectionId);
    if (row.status === 'fail') {
      if (!isFailing && !row.isBefore && row.changedAt <= to) openSince = row.changedAt;
      isFailing = true;
    } else {
      if (openSince !== undefined) episodes.push({ controlId: row.controlId, failedAt: openSince, fixedAt: row.changedAt });
      openSince = undefined;
      isFailing = false;
    }
  }
  closeOpen();
  return episodes.map((episode) => ({
    controlId: episode.controlId,
    sectionId: sections.get(episode.controlId) ?? '',
    failedAt: episode.failedAt.toISOString(),
    fixedAt: episode.fixedAt?.toISOString() ?? null,
    seconds: episode.fixedAt === null ? null : (episode.fixedAt.getTime() - episode.failedAt.getTime()) / 1000,
  }));
}

/** Every failure episode of a cluster's controls (or of one control), by control, oldest first. */
export async function readRemediationEpisodes(database: Database, query: RemediationQuery): Promise<RemediationEpisode[]> {
  return readEpisodes(database, query);
}

/**
 * Time to remediate per control that failed in the range: how many failures were fixed, how long
 * they took on average and at most, and since when it fails if it still does.
 */
export async function readTimeToRemediate(database: Database, query: RemediationQuery): Promise<RemediationStats[]> {
  const stats: (RemediationStats & { totalSeconds: number })[] = [];
  for (const episode of await readEpisodes(database, query)) {
    let current = stats.at(-1);
    if (current?.controlId !== episode.controlId) {
      current = { controlId: episode.controlId, sectionId: episode.sectionId, remediated: 0, meanSeconds: null, maxSeconds: null, failingSince: null, totalSeconds: 0 };
      stats.push(current);
    }
    if (episode.seconds === null) {
      if (current.failingSince === null || episode.failedAt > current.failingSince) current.failingSince = episode.failedAt;
      continue;
    }
    current.remediated += 1;
    current.totalSeconds += episode.seconds;
    current.meanSeconds = current.totalSeconds / current.remediated;
    current.maxSeconds = Math.max(current.maxSeconds ?? 0, episode.seconds);
  }
  return stats.map(({ totalSeconds: _totalSeconds, ...control }) => control);
}
