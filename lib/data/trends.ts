import 'server-only';
import { SECTIONS } from '@/lib/catalog';
import type { Database } from '@/lib/db';
import { NoSuchClusterError } from './matrix';
import { readTimeToRemediate, type RemediationStats } from './remediation';

export const TREND_BUCKETS = ['hour', 'day', 'week'] as const;
export type TrendBucket = (typeof TREND_BUCKETS)[number];

export interface TrendPoint {
  /** start of the bucket (UTC) */
  at: string;
  /** pass / (pass + fail + warn + unknown) over all snapshots in the bucket; null when nothing counts */
  score: number | null;
  pass: number;
  fail: number;
  warn: number;
  unknown: number;
  snapshots: number;
}

export interface Trends {
  cluster: string;
  from: string;
  to: string;
  bucket: TrendBucket;
  overall: TrendPoint[];
  sections: { id: string; title: string; points: TrendPoint[] }[];
  /** time to remediate (first fail → next pass) per control whose failure began in the range */
  remediation: RemediationStats[];
}

export interface TrendsQuery {
  clusterName: string;
  sectionId?: string;
  from?: Date;
  to?: Date;
  bucket?: TrendBucket;
}

export class NoSuchSectionError extends Error {
  constructor(readonly sectionId: string) {
    super(`no section ${sectionId}`);
    this.name = 'NoSuchSectionError';
  }
}

const DEFAULT_RANGE_MS = 30 * 86_400_000;

/** A bucket that gives a readable number of points for the range. */
function defaultBucket(from: Date, to: Date): TrendBucket {
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  return days <= 3 ? 'hour' : days <= 180 ? 'day' : 'week';
}

interface PointRow {
  sectionId: string | null;
  at: Date;
  snapshots: number;
  pass: number;
  fail: number;
  warn: number;
  unknown: number;
  score: number | null;
}

function toPoint(row: PointRow): TrendPoint {
  return { at: row.at.toISOString(), score: row.score, pass: row.pass, fail: row.fail, warn: row.warn, unknown: row.unknown, snapshots: row.snapshots };
}

/**
 * Score per section (and overall) over time. The arithmetic is SQL: a GROUP BY over the status
 * counts stored per section with every snapshot, so the cost does not grow with the catalog.
 */
export async function readTrends(database: Database, query: TrendsQuery): Promise<Trends> {
  if (query.sectionId !== undefined && !SECTIONS.some((section) => section.id === query.sectionId)) throw new NoSuchSectionError(query.sectionId);
  const cluster = await database.prisma.cluster.findUnique({ where: { name: query.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(query.clusterName);
  const to = query.to ?? new Date();
  const from = query.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  const bucket = query.bucket ?? defaultBucket(from, to);
  const sectionId = query.sectionId ?? null;

  // GROUPING SETS gives one row per (section, bucket) and one per bucket over all sections (section null).
  // The lateral subquery (kept apart by OFFSET 0) reads each snapshot's counts through the covering
  // index on snapshot_section: a year of one cluster is ~9,000 index lookups, where a hash join read
  // every cluster's counts (see BENCHMARKS.md). Remediation is an independent query: both run at once.
  const [rows, remediation] = await Promise.all([
    database.prisma.$queryRaw<PointRow[]>`
      WITH counts AS (
        SELECT ss.*, date_trunc(${bucket}::text, s.taken_at, 'UTC') AS bucket_start
        FROM snapshot s
        CROSS JOIN LATERAL (
          SELECT snapshot_id, section_id, pass_count, fail_count, warn_count, unknown_count
          FROM snapshot_section ss
          WHERE ss.snapshot_id = s.id AND (${sectionId}::text IS NULL OR ss.section_id = ${sectionId}::text)
          OFFSET 0
        ) ss
        WHERE s.cluster_id = ${cluster.id}::uuid
          AND s.taken_at >= ${from} AND s.taken_at <= ${to}
      )
      SELECT section_id AS "sectionId",
             bucket_start AS "at",
             count(DISTINCT snapshot_id)::int AS snapshots,
             sum(pass_count)::int AS pass,
             sum(fail_count)::int AS fail,
             sum(warn_count)::int AS warn,
             sum(unknown_count)::int AS unknown,
             sum(pass_count)::float8 / NULLIF(sum(pass_count + fail_count + warn_count + unknown_count), 0) AS score
      FROM counts
      GROUP BY GROUPING SETS ((section_id, bucket_start), (bucket_start))
      ORDER BY bucket_start`,
    readTimeToRemediate(database, { clusterName: query.clusterName, from, to }),
  ]);

  const sections = SECTIONS.filter((section) => sectionId === null || section.id === sectionId).map((section) => ({
    id: section.id,
    title: section.title,
    points: rows.filter((row) => row.sectionId === section.id).map(toPoint),
  }));
  return {
    cluster: query.clusterName,
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    overall: rows.filter((row) => row.sectionId === null).map(toPoint),
    sections,
    remediation: sectionId === null ? remediation : remediation.filter((stats) => stats.sectionId === sectionId),
  };
}
