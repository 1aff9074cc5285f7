import 'server-only';
import type { Database } from '@/lib/db';
import { NoSuchClusterError } from './matrix';
import { readTrends } from './trends';

/**
 * The matrix at a glance: for each cluster and section, the daily score of the last 30 days, for a
 * sparkline beside the section's current score. The statuses themselves come from the matrix view.
 */

export const SPARKLINE_DAYS = 30;

/** Daily scores, oldest first, one per day of the window (null: no snapshot that day, or nothing scored). */
export type DailyScores = (number | null)[];

export interface GlanceTrends {
  /** by cluster name, then by section id */
  byCluster: Record<string, Record<string, DailyScores>>;
  from: string;
  to: string;
}

/**
 * Pure: puts trend points (bucket starts) on a fixed grid of `days` days ending with the day of `to`,
 * so that every sparkline has the same length and a missing day shows as a gap, not as a squeeze.
 * @example dailyGrid([{ at: '2026-06-02T00:00:00.000Z', score: 0.5 }], new Date('2026-06-02T12:00:00Z'), 2) // [null, 0.5]
 */
export function dailyGrid(points: { at: string; score: number | null }[], to: Date, days: number): DailyScores {
  const lastDay = Math.floor(to.getTime() / 86_400_000);
  const grid: DailyScores = Array.from({ length: days }, () => null);
  for (const point of points) {
    const index = days - 1 - (lastDay - Math.floor(Date.parse(point.at) / 86_400_000));
    if (index >= 0 && index < days) grid[index] = point.score;
  }
  return grid;
}

export async function readGlanceTrends(database: Database, clusterNames: string[], at?: Date): Promise<GlanceTrends> {
  const to = at ?? new Date();
  const from = new Date((Math.floor(to.getTime() / 86_400_000) - (SPARKLINE_DAYS - 1)) * 86_400_000);
  const byCluster: GlanceTrends['byCluster'] = {};
  for (const clusterName of clusterNames) {
    try {
      const trends = await readTrends(database, { clusterName, from, to, bucket: 'day' });
      byCluster[clusterName] = Object.fromEntries(trends.sections.map((section) => [section.id, dailyGrid(section.points, to, SPARKLINE_DAYS)]));
    } catch (error) {
      // a configured cluster that has no snapshot yet has no line to draw
      if (!(error instanceof NoSuchClusterError)) throw error;
      byCluster[clusterName] = {};
    }
  }
  return { byCluster, from: from.toISOString(), to: to.toISOString() };
}
