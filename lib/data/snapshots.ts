import 'server-only';
import type { Database } from '@/lib/db';
import { NoSuchClusterError, toSourceFailures } from './matrix';

export interface SnapshotListItem {
  id: string;
  cluster: string;
  takenAt: string;
  durationMs: number;
  score: number | null;
  catalogVersion: string;
  sourceErrors: { source: string; kind: string; message: string }[];
}

/** Snapshots of one cluster, newest first, optionally within [from, to]. */
export async function listSnapshots(database: Database, options: { clusterName: string; from?: Date; to?: Date; limit: number }): Promise<SnapshotListItem[]> {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: options.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(options.clusterName);
  const rows = await database.prisma.snapshot.findMany({
    where: { clusterId: cluster.id, takenAt: { gte: options.from, lte: options.to } },
    orderBy: { takenAt: 'desc' },
    take: options.limit,
    select: { id: true, takenAt: true, durationMs: true, score: true, catalogVersion: true, sourceErrors: true },
  });
  return rows.map((row) => ({
    id: row.id,
    cluster: options.clusterName,
    takenAt: row.takenAt.toISOString(),
    durationMs: row.durationMs,
    score: row.score,
    catalogVersion: row.catalogVersion,
    sourceErrors: toSourceFailures(row.sourceErrors),
  }));
}
