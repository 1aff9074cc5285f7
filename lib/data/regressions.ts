import 'server-only';
import type { Database } from '@/lib/db';
import { NoSuchClusterError } from './matrix';

/**
 * Regressions: a snapshot whose overall score, or the score of a section, is lower than in the
 * snapshot just before it. Each one names both snapshots, so the trends page can link to the diff
 * that shows what got worse (`/snapshots/{id}/diff?against={previousId}`).
 */

export interface ScoreDrop {
  before: number;
  after: number;
}

export interface Regression {
  snapshotId: string;
  takenAt: string;
  previousId: string;
  previousTakenAt: string;
  /** null when the overall score did not drop (a section did) */
  overall: ScoreDrop | null;
  sections: ({ id: string } & ScoreDrop)[];
}

export interface ScorePoint {
  id: string;
  takenAt: Date;
  score: number | null;
  sections: { id: string; score: number | null }[];
}

// Scores are ratios of small counts; a difference below this is rounding, not a regression.
const EPSILON = 1e-9;

function dropOf(before: number | null | undefined, after: number | null | undefined): ScoreDrop | null {
  if (before === null || before === undefined || after === null || after === undefined) return null;
  return after < before - EPSILON ? { before, after } : null;
}

/**
 * Pure: the regressions in a series of snapshots, oldest first. A score that cannot be computed
 * (nothing counted) neither starts nor ends a regression.
 * @example findRegressions([{ id: 'a', score: 0.9, … }, { id: 'b', score: 0.7, … }]) // [{ snapshotId: 'b', previousId: 'a', overall: { before: 0.9, after: 0.7 }, … }]
 */
export function findRegressions(points: ScorePoint[]): Regression[] {
  const regressions: Regression[] = [];
  for (let index = 1; index < points.length; index++) {
    const previous = points[index - 1]!;
    const current = points[index]!;
    const overall = dropOf(previous.score, current.score);
    const sections = current.sections.flatMap((section) => {
      const drop = dropOf(previous.sections.find((candidate) => candidate.id === section.id)?.score, section.score);
      return drop ? [{ id: section.id, ...drop }] : [];
    });
    if (overall || sections.length > 0) {
      regressions.push({
        snapshotId: current.id,
        takenAt: current.takenAt.toISOString(),
        previousId: previous.id,
        previousTakenAt: previous.takenAt.toISOString(),
        overall,
        sections,
      });
    }
  }
  return regressions;
}

const pointSelect = {
  id: true,
  takenAt: true,
  score: true,
  sections: { select: { sectionId: true, passCount: true, failCount: true, warnCount: true, unknownCount: true } },
} as const;

function toPoint(row: {
  id: string;
  takenAt: Date;
  score: number | null;
  sections: { sectionId: string; passCount: number; failCount: number; warnCount: number; unknownCount: number }[];
}): ScorePoint {
  return {
    id: row.id,
    takenAt: row.takenAt,
    score: row.score,
    sections: row.sections.map((section) => {
      const counted = section.passCount + section.failCount + section.warnCount + section.unknownCount;
      return { id: section.sectionId, score: counted === 0 ? null : section.passCount / counted };
    }),
  };
}

/** The regressions of a cluster whose worse snapshot was taken within [from, to], newest first. */
export async function readRegressions(database: Database, options: { clusterName: string; from: Date; to: Date }): Promise<Regression[]> {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: options.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(options.clusterName);
  const inRange = await database.prisma.snapshot.findMany({
    where: { clusterId: cluster.id, takenAt: { gte: options.from, lte: options.to } },
    orderBy: { takenAt: 'asc' },
    select: pointSelect,
  });
  // the snapshot just before the range: the first one in the range may already be a regression
  const before = await database.prisma.snapshot.findFirst({
    where: { clusterId: cluster.id, takenAt: { lt: options.from } },
    orderBy: { takenAt: 'desc' },
    select: pointSelect,
  });
  const points = [...(before ? [before] : []), ...inRange].map(toPoint);
  return findRegressions(points).reverse();
}
