import 'server-only';
import type { Database } from '@/lib/db';
import { NoSuchClusterError } from './matrix';

/**
 * Time to remediate: how long a control stayed failing, from the first `fail` to the next `pass`.
 * Only pass and fail decide: `warn`, `unknown` (a source was down) and the like neither start nor end
 * a failure. Retention's thinning makes old episodes coarser (a snapshot per day or week), never
 * longer than they were by more than one kept interval.
 *
 * The database hands over, per snapshot in time order, which controls passed and which failed (a
 * covering index makes that an index-only walk); the episodes are one pass over that in memory. A
 * year of hourly snapshots is ~300,000 results per cluster: sorting them per control in SQL for
 * window functions took seconds (see BENCHMARKS.md). A range reads its own snapshots and the newer
 * ones (a failure that began in it may be fixed after it), and looks back before it only for the
 * controls that start it failing.
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

interface DecisiveRow {
  takenAt: Date;
  /** the controls that passed, and that failed: one character per control, its position + CODE_OFFSET */
  passed: string | null;
  failed: string | null;
}

// Positions travel as characters (chr(position + 65)): a few bytes per snapshot, where integer
// arrays cost more to send and to parse than the query took.
const CODE_OFFSET = 65;

/**
 * Every control id that has a result, in the database's order: a loose index scan, one index
 * descent per distinct id (a few dozen), however many results there are.
 */
async function readControlIds(database: Database, controlId: string | undefined): Promise<string[]> {
  if (controlId !== undefined) return [controlId];
  const rows = await database.prisma.$queryRaw<{ controlId: string }[]>`
    WITH RECURSIVE ids AS (
      (SELECT control_id FROM control_result ORDER BY control_id LIMIT 1)
      UNION ALL
      SELECT (SELECT r.control_id FROM control_result r WHERE r.control_id > ids.control_id ORDER BY r.control_id LIMIT 1)
      FROM ids WHERE ids.control_id IS NOT NULL
    )
    SELECT control_id AS "controlId" FROM ids WHERE control_id IS NOT NULL`;
  return rows.map((row) => row.controlId);
}

/** The failure episodes of a cluster's controls, per control in the database's order of control ids, oldest first. */
async function readEpisodes(database: Database, query: RemediationQuery): Promise<RemediationEpisode[]> {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: query.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(query.clusterName);
  const controlIds = await readControlIds(database, query.controlId);
  if (controlIds.length === 0) return [];
  const from = query.from ?? new Date(0);
  const to = query.to ?? new Date('9999-12-31T00:00:00Z');

  // From the start of the range to the newest snapshot: a failure that began in the range may be
  // fixed after it. OFFSET 0 keeps the lateral subquery a per-snapshot lookup, index-only on
  // control_result_snapshot_id_status_control_id_idx, instead of a hash join over every cluster's
  // results; the snapshots come in time order from snapshot_cluster_id_taken_at_id_idx.
  // The map from control id to position is parsed once (a CTE), not once per result.
  const positions = JSON.stringify(Object.fromEntries(controlIds.map((id, position) => [id, position])));
  const rows = await database.prisma.$queryRaw<DecisiveRow[]>`
    WITH positions AS (SELECT ${positions}::jsonb AS map)
    SELECT s.taken_at AS "takenAt",
           string_agg(chr((p.map ->> r.control_id)::int + ${CODE_OFFSET}), '') FILTER (WHERE r.status = 'pass') AS passed,
           string_agg(chr((p.map ->> r.control_id)::int + ${CODE_OFFSET}), '') FILTER (WHERE r.status = 'fail') AS failed
    FROM positions p
    CROSS JOIN snapshot s
    CROSS JOIN LATERAL (
      SELECT r.control_id, r.status FROM control_result r WHERE r.snapshot_id = s.id AND r.status IN ('pass', 'fail') OFFSET 0
    ) r
    WHERE s.cluster_id = ${cluster.id}::uuid AND s.taken_at >= ${from}
    GROUP BY s.taken_at, s.id
    ORDER BY s.taken_at, s.id`;

  const positionsIn = (codes: string | null) => Array.from(codes ?? '', (code) => code.codePointAt(0)! - CODE_OFFSET);
  // Whether a control failing at the start of the range was already failing before it.
  const isFailing = await readFailingBefore(database, cluster.id, from, controlIds, rows, positionsIn);
  const openSince: (Date | undefined)[] = [];
  const episodes: { position: number; failedAt: Date; fixedAt: Date | null }[] = [];
  const open = (position: number, failedAt: Date) => {
    // only failures that began in the range count; one that began before it is not opened at all
    openSince[position] = failedAt >= from && failedAt <= to ? failedAt : undefined;
  };
  for (const row of rows) {
    for (const position of positionsIn(row.failed)) {
      if (isFailing[position] !== true) open(position, row.takenAt);
      isFailing[position] = true;
    }
    for (const position of positionsIn(row.passed)) {
      const failedAt = openSince[position];
      if (isFailing[position] === true && failedAt !== undefined) episodes.push({ position, failedAt, fixedAt: row.takenAt });
      isFailing[position] = false;
      openSince[position] = undefined;
    }
  }
  openSince.forEach((failedAt, position) => {
    if (failedAt !== undefined) episodes.push({ position, failedAt, fixedAt: null });
  });
  if (episodes.length === 0) return [];

  const sections = await readSections(
    database,
    cluster.id,
    [...new Set(episodes.map((episode) => episode.position))].map((position) => controlIds[position]!),
  );
  return episodes
    .sort((a, b) => a.position - b.position || a.failedAt.getTime() - b.failedAt.getTime())
    .map((episode) => {
      const controlId = controlIds[episode.position]!;
      return {
        controlId,
        sectionId: sections.get(controlId) ?? '',
        failedAt: episode.failedAt.toISOString(),
        fixedAt: episode.fixedAt?.toISOString() ?? null,
        seconds: episode.fixedAt === null ? null : (episode.fixedAt.getTime() - episode.failedAt.getTime()) / 1000,
      };
    });
}

/**
 * Per position, whether the control's last pass/fail before `from` was a fail. Asked only for the
 * controls whose first pass/fail in the range is a fail: for the others it changes nothing. Each is
 * one walk back from `from`, which ends at the first snapshot where the control passed or failed.
 */
async function readFailingBefore(
  database: Database,
  clusterId: string,
  from: Date,
  controlIds: string[],
  rows: DecisiveRow[],
  positionsIn: (codes: string | null) => number[],
): Promise<boolean[]> {
  const firstIsFail = new Map<number, boolean>();
  for (const row of rows) {
    for (const position of positionsIn(row.failed)) if (!firstIsFail.has(position)) firstIsFail.set(position, true);
    for (const position of positionsIn(row.passed)) if (!firstIsFail.has(position)) firstIsFail.set(position, false);
  }
  const asked = [...firstIsFail].filter(([, isFail]) => isFail).map(([position]) => controlIds[position]!);
  const isFailing: boolean[] = [];
  if (asked.length === 0 || from.getTime() <= 0) return isFailing;
  const prior = await database.prisma.$queryRaw<{ controlId: string; status: string }[]>`
    SELECT c.control_id AS "controlId", prior.status
    FROM unnest(${asked}::text[]) AS c(control_id)
    CROSS JOIN LATERAL (
      SELECT r.status FROM snapshot s
      JOIN control_result r ON r.snapshot_id = s.id AND r.control_id = c.control_id AND r.status IN ('pass', 'fail')
      WHERE s.cluster_id = ${clusterId}::uuid AND s.taken_at < ${from}
      ORDER BY s.taken_at DESC, s.id DESC
      LIMIT 1
    ) prior`;
  const positions = new Map(controlIds.map((id, position) => [id, position]));
  for (const row of prior) isFailing[positions.get(row.controlId)!] = row.status === 'fail';
  return isFailing;
}

/** The section each control was stored under in the cluster's newest snapshot that has it. */
async function readSections(database: Database, clusterId: string, controlIds: string[]): Promise<Map<string, string>> {
  const rows = await database.prisma.$queryRaw<{ controlId: string; sectionId: string }[]>`
    SELECT c.control_id AS "controlId", newest.section_id AS "sectionId"
    FROM unnest(${controlIds}::text[]) AS c(control_id)
    CROSS JOIN LATERAL (
      SELECT r.section_id FROM snapshot s JOIN control_result r ON r.snapshot_id = s.id AND r.control_id = c.control_id
      WHERE s.cluster_id = ${clusterId}::uuid
      ORDER BY s.taken_at DESC LIMIT 1
    ) newest`;
  return new Map(rows.map((row) => [row.controlId, row.sectionId]));
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
