import 'server-only';
import type { Database } from '@/lib/db';
import { NoSuchClusterError, toSourceFailures } from './matrix';

/** The history page: a cluster's snapshots, newest first, one page at a time. */

export interface SnapshotPageItem {
  id: string;
  takenAt: string;
  score: number | null;
  sequence: number | null;
  manifestHash: string | null;
  isSigned: boolean;
  /** sources that could not be read (their controls are unknown) */
  failedSources: string[];
  counts: { pass: number; fail: number; warn: number; unknown: number; manual: number };
}

export interface SnapshotPage {
  cluster: string;
  snapshots: SnapshotPageItem[];
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export async function readSnapshotPage(
  database: Database,
  options: { clusterName: string; from?: Date; to?: Date; page: number; pageSize: number },
): Promise<SnapshotPage> {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: options.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(options.clusterName);
  const where = { clusterId: cluster.id, takenAt: { gte: options.from, lte: options.to } };
  const [total, rows] = await Promise.all([
    database.prisma.snapshot.count({ where }),
    database.prisma.snapshot.findMany({
      where,
      orderBy: { takenAt: 'desc' },
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
      select: {
        id: true,
        takenAt: true,
        score: true,
        sequence: true,
        manifestHash: true,
        signature: true,
        sourceErrors: true,
        sections: { select: { passCount: true, failCount: true, warnCount: true, unknownCount: true, manualCount: true } },
      },
    }),
  ]);
  return {
    cluster: options.clusterName,
    snapshots: rows.map((row) => ({
      id: row.id,
      takenAt: row.takenAt.toISOString(),
      score: row.score,
      sequence: row.sequence,
      manifestHash: row.manifestHash,
      isSigned: row.signature !== null,
      failedSources: toSourceFailures(row.sourceErrors).map((failure) => failure.source),
      counts: row.sections.reduce(
        (sum, section) => ({
          pass: sum.pass + section.passCount,
          fail: sum.fail + section.failCount,
          warn: sum.warn + section.warnCount,
          unknown: sum.unknown + section.unknownCount,
          manual: sum.manual + section.manualCount,
        }),
        { pass: 0, fail: 0, warn: 0, unknown: 0, manual: 0 },
      ),
    })),
    page: options.page,
    pageSize: options.pageSize,
    total,
    pageCount: Math.max(1, Math.ceil(total / options.pageSize)),
  };
}
