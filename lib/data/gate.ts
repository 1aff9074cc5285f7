import 'server-only';
import { SECTIONS } from '@/lib/catalog';
import type { Database } from '@/lib/db';
import { computeScore } from '@/lib/evaluate/score';
import { CONTROL_STATUSES, type ControlStatus } from '@/lib/evaluate/types';

/** The newest snapshot of a cluster, reduced to what the CI gate and the metrics need. */
export interface LatestScores {
  cluster: string;
  snapshot: { id: string; takenAt: Date };
  /** pass / (pass + fail + warn + unknown); null when no control counts */
  score: number | null;
  sections: { id: string; score: number | null }[];
  controls: { id: string; sectionId: string; status: ControlStatus }[];
}

function toStatus(value: string): ControlStatus {
  return (CONTROL_STATUSES as readonly string[]).includes(value) ? (value as ControlStatus) : 'unknown';
}

/** The newest snapshot of each cluster (or of the one named) with its section scores; clusters without a snapshot are left out. */
export async function readLatestScores(database: Database, clusterName?: string): Promise<LatestScores[]> {
  const clusters = await database.prisma.cluster.findMany({
    where: clusterName === undefined ? {} : { name: clusterName },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
  const latest: LatestScores[] = [];
  for (const cluster of clusters) {
    const snapshot = await database.prisma.snapshot.findFirst({
      where: { clusterId: cluster.id },
      orderBy: { takenAt: 'desc' },
      select: { id: true, takenAt: true, score: true, results: { select: { controlId: true, sectionId: true, status: true } } },
    });
    if (snapshot === null) continue;
    const controls = snapshot.results.map((result) => ({ id: result.controlId, sectionId: result.sectionId, status: toStatus(result.status) }));
    const sectionIds = SECTIONS.map((section) => section.id).filter((id) => controls.some((control) => control.sectionId === id));
    latest.push({
      cluster: cluster.name,
      snapshot: { id: snapshot.id, takenAt: snapshot.takenAt },
      score: snapshot.score,
      sections: sectionIds.map((id) => ({ id, score: computeScore(controls.filter((control) => control.sectionId === id).map((control) => control.status)) })),
      controls,
    });
  }
  return latest;
}

export interface GateVerdict {
  /** undecided: no such section, or nothing scored — the gate cannot vouch for the platform */
  outcome: 'pass' | 'fail' | 'undecided';
  /** one line, for a CI log */
  message: string;
}

function percent(score: number): string {
  return `${(score * 100).toFixed(1)}%`;
}

/**
 * The CI gate: does the newest snapshot's score (overall, or of one section) reach the minimum?
 * A score that cannot be computed (no such section, no scored control) is undecided, never a pass.
 * @example decideGate(scores, { minScore: 0.8 }) // { outcome: 'fail', message: 'FAIL cluster demo: score 62.5% < 80.0% (snapshot …)' }
 */
export function decideGate(scores: LatestScores, options: { minScore: number; section?: string }): GateVerdict {
  const where = `cluster ${scores.cluster}${options.section === undefined ? '' : ` section ${options.section}`}`;
  const snapshot = `snapshot ${scores.snapshot.id} of ${scores.snapshot.takenAt.toISOString()}`;
  const score = options.section === undefined ? scores.score : scores.sections.find((section) => section.id === options.section)?.score;
  if (score === undefined) return { outcome: 'undecided', message: `UNDECIDED ${where}: no such section in ${snapshot} (sections: ${scores.sections.map((section) => section.id).join(', ')})` };
  if (score === null) return { outcome: 'undecided', message: `UNDECIDED ${where}: no scored control in ${snapshot}` };
  if (score < options.minScore) return { outcome: 'fail', message: `FAIL ${where}: score ${percent(score)} < ${percent(options.minScore)} (${snapshot})` };
  return { outcome: 'pass', message: `PASS ${where}: score ${percent(score)} >= ${percent(options.minScore)} (${snapshot})` };
}

/**
 * `--min-score` as a fraction: `0.8`, `80` and `80%` all mean 80 % (values above 1 are percentages).
 * Undefined for anything else.
 */
export function parseMinScore(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!match?.[1]) return undefined;
  const value = Number(match[1]);
  const fraction = match[2] === '%' || value > 1 ? value / 100 : value;
  return fraction >= 0 && fraction <= 1 ? fraction : undefined;
}
