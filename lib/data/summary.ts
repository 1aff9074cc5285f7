import 'server-only';
import type { Database } from '@/lib/db';
import { NoSnapshotError, NoSuchClusterError, readMatrix, type Matrix } from './matrix';
import { readRegressions, type Regression } from './regressions';
import { readRemediationEpisodes, type RemediationEpisode } from './remediation';

/**
 * The manager's page: each cluster's score, overall and per section, now against 30 days ago; the
 * worst regressions of those 30 days (each with its diff); and how fast failures were fixed this
 * month against last month.
 */

const DAY_MS = 86_400_000;
export const SUMMARY_DAYS = 30;
const WORST_REGRESSIONS = 5;
// failures fixed in a month may have begun well before it
const EPISODE_LOOKBACK_MS = 180 * DAY_MS;

export interface ScoreThenAndNow {
  id: string;
  title: string;
  now: number | null;
  then: number | null;
}

export interface ClusterSummary {
  cluster: string;
  overall: { now: number | null; then: number | null };
  sections: ScoreThenAndNow[];
}

export interface RankedRegression extends Regression {
  cluster: string;
  /** the largest drop, overall or in a section, in score points (0–1) */
  drop: number;
}

export interface MonthRemediation {
  /** first day of the month, UTC */
  month: string;
  fixed: number;
  meanSeconds: number | null;
}

export interface Summary {
  now: string;
  then: string;
  clusters: ClusterSummary[];
  regressions: RankedRegression[];
  remediation: { thisMonth: MonthRemediation; lastMonth: MonthRemediation };
}

async function readMatrixOrNull(database: Database, clusterName: string, at?: Date): Promise<Matrix | null> {
  try {
    return await readMatrix(database, clusterName, at);
  } catch (error) {
    if (error instanceof NoSnapshotError || error instanceof NoSuchClusterError) return null;
    throw error;
  }
}

/** Pure: the biggest drop of a regression, overall or in one section. */
export function largestDrop(regression: Regression): number {
  const drops = [regression.overall, ...regression.sections].flatMap((drop) => (drop ? [drop.before - drop.after] : []));
  return Math.max(0, ...drops);
}

/**
 * Pure: failures fixed within [start, end), counted and averaged.
 * @example monthRemediation(episodes, new Date('2026-06-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'))
 */
export function monthRemediation(episodes: RemediationEpisode[], start: Date, end: Date): MonthRemediation {
  const fixed = episodes.filter((episode) => episode.fixedAt !== null && episode.seconds !== null && Date.parse(episode.fixedAt) >= start.getTime() && Date.parse(episode.fixedAt) < end.getTime());
  const total = fixed.reduce((sum, episode) => sum + (episode.seconds ?? 0), 0);
  return { month: start.toISOString(), fixed: fixed.length, meanSeconds: fixed.length > 0 ? total / fixed.length : null };
}

export async function readSummary(database: Database, clusterNames: string[], now: Date = new Date()): Promise<Summary> {
  const then = new Date(now.getTime() - SUMMARY_DAYS * DAY_MS);
  const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const clusters: ClusterSummary[] = [];
  const regressions: RankedRegression[] = [];
  const episodes: RemediationEpisode[] = [];
  for (const cluster of clusterNames) {
    const [current, past] = [await readMatrixOrNull(database, cluster), await readMatrixOrNull(database, cluster, then)];
    if (current === null) continue;
    clusters.push({
      cluster,
      overall: { now: current.score, then: past?.score ?? null },
      sections: current.sections
        .filter((section) => section.controls.length > 0)
        .map((section) => ({ id: section.id, title: section.title, now: section.score, then: past?.sections.find((candidate) => candidate.id === section.id)?.score ?? null })),
    });
    for (const regression of await readRegressions(database, { clusterName: cluster, from: then, to: now })) {
      regressions.push({ ...regression, cluster, drop: largestDrop(regression) });
    }
    episodes.push(...(await readRemediationEpisodes(database, { clusterName: cluster, from: new Date(lastMonth.getTime() - EPISODE_LOOKBACK_MS), to: now })));
  }
  return {
    now: now.toISOString(),
    then: then.toISOString(),
    clusters,
    regressions: regressions.sort((a, b) => b.drop - a.drop || b.takenAt.localeCompare(a.takenAt)).slice(0, WORST_REGRESSIONS),
    remediation: { thisMonth: monthRemediation(episodes, thisMonth, now), lastMonth: monthRemediation(episodes, lastMonth, thisMonth) },
  };
}
