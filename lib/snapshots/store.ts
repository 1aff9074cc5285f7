import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Database } from '@/lib/db';
import type { ControlResult } from '@/lib/evaluate/types';

export interface SourceFailure {
  source: string;
  kind: string;
  message: string;
}

export interface SnapshotToStore {
  clusterName: string;
  takenAt: Date;
  durationMs: number;
  catalogVersion: string;
  refmapVersion: string;
  score: number | null;
  sourceErrors: SourceFailure[];
  results: ControlResult[];
}

/** Writes a snapshot with all its results and evidence in one transaction: whole or not at all. */
export async function storeSnapshot(database: Database, snapshot: SnapshotToStore): Promise<{ id: string }> {
  return database.prisma.$transaction(async (tx) => {
    const cluster = await tx.cluster.upsert({
      where: { name: snapshot.clusterName },
      create: { name: snapshot.clusterName },
      update: {},
      select: { id: true },
    });
    return tx.snapshot.create({
      data: {
        clusterId: cluster.id,
        takenAt: snapshot.takenAt,
        durationMs: snapshot.durationMs,
        catalogVersion: snapshot.catalogVersion,
        refmapVersion: snapshot.refmapVersion,
        score: snapshot.score,
        sourceErrors: snapshot.sourceErrors as unknown as Prisma.InputJsonValue,
        results: {
          create: snapshot.results.map((result) => ({
            controlId: result.controlId,
            sectionId: result.sectionId,
            status: result.status,
            summary: result.summary,
            evidence: {
              create: result.evidence.map((item) => ({
                checkId: item.checkId,
                source: item.source,
                query: item.query,
                observedAt: new Date(item.observedAt),
                status: item.status,
                summary: item.summary,
                excerpt: item.excerpt as Prisma.InputJsonValue,
                sha256: item.sha256,
              })),
            },
          })),
        },
      },
      select: { id: true },
    });
  });
}
