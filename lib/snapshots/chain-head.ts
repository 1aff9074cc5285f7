import 'server-only';
import type { Database } from '@/lib/db';
import { log } from '@/lib/log';

/**
 * The head of each cluster's hash chain — the newest sealed snapshot, or the tombstone of one — is
 * Refmap's off-server anchor: logged at every snapshot, counted by `refmap_chain_head_sequence`, and
 * served by GET /api/chain-head. An external witness that records it can later tell whether the newest
 * snapshots were deleted, which the chain alone cannot show (a shorter chain is still whole).
 */

export interface ChainHead {
  cluster: string;
  sequence: number;
  manifestHash: string;
  takenAt: string;
  isSigned: boolean;
}

/** The chain head of every cluster (or of the one named), by cluster name. */
export async function readChainHeads(database: Database, clusterName?: string): Promise<ChainHead[]> {
  const clusters = await database.prisma.cluster.findMany({
    where: clusterName === undefined ? {} : { name: clusterName },
    orderBy: { name: 'asc' },
    select: {
      name: true,
      snapshots: { where: { sequence: { not: null } }, orderBy: { sequence: 'desc' }, take: 1, select: { sequence: true, manifestHash: true, takenAt: true, signature: true } },
      tombstones: { orderBy: { sequence: 'desc' }, take: 1, select: { sequence: true, manifestHash: true, takenAt: true, signature: true } },
    },
  });
  return clusters.flatMap((cluster) => {
    const links = [...cluster.snapshots, ...cluster.tombstones].filter((link) => link.sequence !== null && link.manifestHash !== null);
    const head = links.sort((a, b) => b.sequence! - a.sequence!)[0];
    if (head === undefined) return [];
    return [{ cluster: cluster.name, sequence: head.sequence!, manifestHash: head.manifestHash!, takenAt: head.takenAt.toISOString(), isSigned: head.signature !== null }];
  });
}

/** One log line per new head: a log shipped off the server is a witness of its own. */
export function logChainHead(cluster: string, head: { sequence: number; manifestHash: string; takenAt: Date; isSigned: boolean }): void {
  log.info(
    { event: 'chain.head', cluster, sequence: head.sequence, manifestHash: head.manifestHash, takenAt: head.takenAt.toISOString(), isSigned: head.isSigned },
    `chain head of ${cluster}: #${head.sequence} ${head.manifestHash}`,
  );
}
