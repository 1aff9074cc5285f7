import 'server-only';
import { SECTIONS } from '@/lib/catalog';
import { activeControls, findActiveControl } from '@/lib/app-context';
import type { Database } from '@/lib/db';
import { computeScore } from '@/lib/evaluate/score';
import { CONTROL_STATUSES, type ControlStatus } from '@/lib/evaluate/types';
import type { SourceFailure } from '@/lib/snapshots/store';

export interface MatrixControl {
  id: string;
  title: string;
  group: string;
  status: ControlStatus;
  summary: string;
}

export interface MatrixSection {
  id: string;
  title: string;
  summary: string;
  score: number | null;
  controls: MatrixControl[];
}

export interface Matrix {
  cluster: string;
  snapshot: { id: string; takenAt: string; catalogVersion: string; sourceErrors: SourceFailure[] };
  score: number | null;
  sections: MatrixSection[];
}

export class NoSuchClusterError extends Error {
  constructor(readonly clusterName: string) {
    super(`no cluster named ${clusterName}`);
  }
}

export class NoSnapshotError extends Error {
  constructor(readonly clusterName: string) {
    super(`cluster ${clusterName} has no snapshot yet`);
  }
}

function toStatus(value: string): ControlStatus {
  return (CONTROL_STATUSES as readonly string[]).includes(value) ? (value as ControlStatus) : 'unknown';
}

export function toSourceFailures(value: unknown): SourceFailure[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) => ({ source: String(item.source ?? ''), kind: String(item.kind ?? ''), message: String(item.message ?? '') }));
}

/** The snapshot of a cluster that was current at `at` (default: now), with its cluster row. */
export async function findSnapshotAsOf(database: Database, clusterName: string, at?: Date) {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: clusterName }, select: { id: true, name: true } });
  if (!cluster) throw new NoSuchClusterError(clusterName);
  const snapshot = await database.prisma.snapshot.findFirst({
    where: { clusterId: cluster.id, ...(at ? { takenAt: { lte: at } } : {}) },
    orderBy: { takenAt: 'desc' },
    select: { id: true, takenAt: true, catalogVersion: true, score: true, sourceErrors: true },
  });
  if (!snapshot) throw new NoSnapshotError(clusterName);
  return { cluster, snapshot };
}

/** Sections 1–5 in order, each control with its verdict in the snapshot current at `at`. */
export async function readMatrix(database: Database, clusterName: string, at?: Date): Promise<Matrix> {
  const { snapshot } = await findSnapshotAsOf(database, clusterName, at);
  const results = await database.prisma.controlResult.findMany({
    where: { snapshotId: snapshot.id },
    select: { controlId: true, sectionId: true, status: true, summary: true },
  });
  const catalogOrder = new Map(activeControls().map((control, index) => [control.id, index]));
  const sortedResults = [...results].sort(
    (a, b) => (catalogOrder.get(a.controlId) ?? Number.MAX_SAFE_INTEGER) - (catalogOrder.get(b.controlId) ?? Number.MAX_SAFE_INTEGER) || a.controlId.localeCompare(b.controlId),
  );
  const sections = SECTIONS.map((section) => {
    const controls: MatrixControl[] = sortedResults
      .filter((result) => result.sectionId === section.id)
      .map((result) => {
        const definition = findActiveControl(result.controlId);
        return {
          id: result.controlId,
          // a control dropped from a newer catalog still shows under its id
          title: definition?.title ?? result.controlId,
          group: definition?.group ?? '',
          status: toStatus(result.status),
          summary: result.summary,
        };
      });
    return { id: section.id, title: section.title, summary: section.summary, score: computeScore(controls.map((control) => control.status)), controls };
  });
  return {
    cluster: clusterName,
    snapshot: {
      id: snapshot.id,
      takenAt: snapshot.takenAt.toISOString(),
      catalogVersion: snapshot.catalogVersion,
      sourceErrors: toSourceFailures(snapshot.sourceErrors),
    },
    score: snapshot.score,
    sections,
  };
}
