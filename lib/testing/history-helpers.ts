import type { Database } from '@/lib/db';
import { computeScore } from '@/lib/evaluate/score';
import type { ControlResult, ControlStatus } from '@/lib/evaluate/types';
import { storeSnapshot, type SnapshotToStore } from '@/lib/snapshots/store';

/** Hand-made snapshots for the stored-history suites (history-suite.ts, tamper-suite.ts). */

export const HOUR = 3_600_000;

export interface ResultSpec {
  controlId: string;
  sectionId: string;
  status: ControlStatus;
  /** what the check saw; equal content → equal evidence body */
  content?: string;
}

/** Hand-made results: two pieces of evidence per control, whose excerpt names the cluster. */
function results(clusterName: string, specs: ResultSpec[], observedAt: Date): ControlResult[] {
  return specs.map((spec) => ({
    controlId: spec.controlId,
    sectionId: spec.sectionId,
    status: spec.status,
    summary: `${spec.controlId} is ${spec.status}`,
    evidence: ['c1', 'c2'].map((checkId) => ({
      checkId,
      source: 'kubernetes' as const,
      query: `/api/v1/${checkId}`,
      observedAt: observedAt.toISOString(),
      status: spec.status,
      summary: `${checkId} saw ${spec.content ?? spec.status}`,
      excerpt: { cluster: clusterName, control: spec.controlId, seen: spec.content ?? spec.status },
      sha256: '', // storeSnapshot hashes evidence itself
    })),
  }));
}

export function snapshotOf(clusterName: string, takenAt: Date, specs: ResultSpec[]): SnapshotToStore {
  const stored = results(clusterName, specs, takenAt);
  return {
    clusterName,
    takenAt,
    durationMs: 5,
    catalogVersion: 'test',
    refmapVersion: 'test',
    score: computeScore(stored.map((result) => result.status)),
    sourceErrors: [],
    results: stored,
  };
}

export const TWO_CONTROLS = (status: ControlStatus, content = 'same'): ResultSpec[] => [
  { controlId: 'T.A', sectionId: '2', status, content },
  { controlId: 'T.B', sectionId: '4', status: 'pass', content },
];

export async function storeSeries(database: Database, clusterName: string, count: number, specsOf: (index: number) => ResultSpec[], start = new Date('2026-01-01T00:00:00Z'), stepMs = HOUR) {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const stored = await storeSnapshot(database, snapshotOf(clusterName, new Date(start.getTime() + index * stepMs), specsOf(index)));
    ids.push(stored.id);
  }
  return ids;
}

/** Lists a snapshot as the sealing migration would have, bypassing the trigger that freezes the list. */
export async function listAsLegacy(database: Database, snapshotId: string): Promise<void> {
  await database.prisma.$transaction([
    database.prisma.$executeRaw`ALTER TABLE legacy_unsealed_snapshot DISABLE TRIGGER legacy_unsealed_snapshot_frozen`,
    database.prisma.$executeRaw`INSERT INTO legacy_unsealed_snapshot (snapshot_id) VALUES (${snapshotId}::uuid)`,
    database.prisma.$executeRaw`ALTER TABLE legacy_unsealed_snapshot ENABLE TRIGGER legacy_unsealed_snapshot_frozen`,
  ]);
}

