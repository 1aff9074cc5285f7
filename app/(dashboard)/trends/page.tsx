import Link from 'next/link';
import { Suspense } from 'react';
import { z } from 'zod';
import { formatDuration } from '@/components/format-time';
import { formatScore } from '@/lib/evaluate/score';
import { PanelSkeleton } from '@/components/skeleton';
import { UtcTime } from '@/components/utc-time';
import { getAppDatabase } from '@/lib/app-context';
import { getConfig } from '@/lib/config';
import { NoSuchClusterError } from '@/lib/data/matrix';
import { readRegressions, type Regression } from '@/lib/data/regressions';
import { readTrends } from '@/lib/data/trends';
import { clusterParam } from '@/lib/http/params';
import { ScoreChart, ScoreTable, type ChartSeries } from './_components/score-chart';

export const dynamic = 'force-dynamic';

const DAY_MS = 86_400_000;
const RANGES = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '90d': 90 * DAY_MS, '365d': 365 * DAY_MS } as const;
type RangeName = keyof typeof RANGES;
const RANGE_LABELS: Record<RangeName, string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days', '365d': 'Last year' };

const dateParam = z.iso.date('must be a date such as 2026-11-29').optional().or(z.literal('').transform(() => undefined));

const searchSchema = z.object({
  cluster: clusterParam,
  range: z.enum(Object.keys(RANGES) as [RangeName, ...RangeName[]]).default('30d'),
  // a custom range (whole UTC days) wins over `range`
  from: dateParam,
  to: dateParam,
});

/** The time range of the page: a custom one from whole days, or the last N days up to now. */
function rangeOf(search: z.infer<typeof searchSchema>): { from: Date; to: Date; isCustom: boolean } {
  if (search.from || search.to) {
    const to = search.to ? new Date(`${search.to}T23:59:59.999Z`) : new Date();
    const from = search.from ? new Date(`${search.from}T00:00:00Z`) : new Date(to.getTime() - RANGES['30d']);
    return { from, to, isCustom: true };
  }
  const to = new Date();
  return { from: new Date(to.getTime() - RANGES[search.range]), to, isCustom: false };
}

export default async function TrendsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = searchSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <p role="alert" className="rounded bg-red-50 p-4 text-red-900">
        Invalid link: {parsed.error.issues[0]?.path.join('.')} {parsed.error.issues[0]?.message}
      </p>
    );
  }
  const config = getConfig();
  const clusterName = parsed.data.cluster ?? config.clusterName;
  const { from, to, isCustom } = rangeOf(parsed.data);
  if (from > to) {
    return (
      <p role="alert" className="rounded bg-red-50 p-4 text-red-900">
        Invalid range: “from” is after “to”.
      </p>
    );
  }
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Trends</h1>
        <p className="text-sm text-gray-700">
          Are we improving, and where do we regress? Cluster <strong>{clusterName}</strong>, <UtcTime iso={from.toISOString()} /> to <UtcTime iso={to.toISOString()} />.
        </p>
      </div>
      <form method="get" aria-label="Cluster and time range" className="flex flex-wrap items-end gap-3 rounded border border-gray-200 bg-white p-4 text-sm">
        <label className="flex flex-col">
          <span className="font-medium">Cluster</span>
          <select name="cluster" defaultValue={clusterName} className="mt-1 rounded border border-gray-400 bg-white px-2 py-1.5">
            {config.clusters.map((cluster) => (
              <option key={cluster.name} value={cluster.name}>
                {cluster.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="font-medium">Range</span>
          <select name="range" defaultValue={parsed.data.range} className="mt-1 rounded border border-gray-400 bg-white px-2 py-1.5">
            {(Object.keys(RANGES) as RangeName[]).map((range) => (
              <option key={range} value={range}>
                {RANGE_LABELS[range]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex flex-wrap items-end gap-2">
          <legend className="font-medium">or from … to (UTC days)</legend>
          <label className="flex flex-col">
            <span className="sr-only">From</span>
            <input type="date" name="from" defaultValue={isCustom ? from.toISOString().slice(0, 10) : ''} className="mt-1 rounded border border-gray-400 px-2 py-1" />
          </label>
          <label className="flex flex-col">
            <span className="sr-only">To</span>
            <input type="date" name="to" defaultValue={isCustom && parsed.data.to ? parsed.data.to : ''} className="mt-1 rounded border border-gray-400 px-2 py-1" />
          </label>
        </fieldset>
        <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">
          Show
        </button>
      </form>
      <Suspense fallback={<PanelSkeleton label="Loading the score chart…" lines={8} />}>
        <ScorePanel clusterName={clusterName} from={from} to={to} />
      </Suspense>
    </div>
  );
}

function diffHref(regression: Regression): string {
  return `/snapshots/${regression.snapshotId}/diff?against=${regression.previousId}`;
}

async function ScorePanel({ clusterName, from, to }: { clusterName: string; from: Date; to: Date }) {
  const database = await getAppDatabase();
  let trends;
  let regressions;
  try {
    [trends, regressions] = await Promise.all([readTrends(database, { clusterName, from, to }), readRegressions(database, { clusterName, from, to })]);
  } catch (error) {
    if (error instanceof NoSuchClusterError) return <p className="rounded border border-gray-200 bg-white p-4 text-gray-700">Cluster “{clusterName}” has no snapshot yet.</p>;
    throw error;
  }
  const series: ChartSeries[] = [
    { id: 'overall', label: 'Overall', points: trends.overall },
    ...trends.sections
      .filter((section) => section.points.some((point) => point.score !== null))
      .map((section) => ({ id: section.id, label: `Section ${section.id}`, points: section.points })),
  ];
  const hasData = trends.overall.length > 0;
  return (
    <div className="space-y-6">
      {hasData ? (
        <>
          <p className="text-sm text-gray-700">One point per {trends.bucket}: the score over all snapshots taken in it.</p>
          <ScoreChart series={series} regressions={regressions} from={trends.from} to={trends.to} diffHref={diffHref} />
          <details className="rounded border border-gray-200 bg-white p-4">
            <summary className="cursor-pointer text-blue-800">The chart’s data as a table</summary>
            <div className="mt-2">
              <ScoreTable series={series} />
            </div>
          </details>
        </>
      ) : (
        <p className="rounded border border-gray-200 bg-white p-4 text-gray-700">No snapshot in this range.</p>
      )}

      <section aria-labelledby="regressions-heading" className="rounded border border-gray-200 bg-white p-4">
        <h2 id="regressions-heading" className="text-lg font-semibold">
          Regressions
        </h2>
        {regressions.length === 0 ? (
          <p className="mt-1 text-sm text-gray-700">No score went down between two snapshots in this range.</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {regressions.map((regression) => (
              <li key={regression.snapshotId} data-testid="regression" className="flex flex-wrap items-baseline gap-x-3">
                <span>
                  <UtcTime iso={regression.takenAt} />:{' '}
                  {regression.overall ? (
                    <strong>
                      overall {formatScore(regression.overall.before)} → {formatScore(regression.overall.after)}
                    </strong>
                  ) : null}
                  {regression.sections.length > 0 ? (
                    <span>
                      {regression.overall ? '; ' : ''}
                      {regression.sections.map((section) => `section ${section.id} ${formatScore(section.before)} → ${formatScore(section.after)}`).join(', ')}
                    </span>
                  ) : null}
                </span>
                <Link href={diffHref(regression)} className="text-blue-800 underline">
                  See what changed
                  <span className="sr-only"> at <UtcTime iso={regression.takenAt} /></span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ttr-heading" className="rounded border border-gray-200 bg-white p-4">
        <h2 id="ttr-heading" className="text-lg font-semibold">
          Time to remediate
        </h2>
        <p className="text-sm text-gray-700">Controls whose failure began in this range: from the first fail to the next pass.</p>
        {trends.remediation.length === 0 ? (
          <p className="mt-1 text-sm text-gray-700">No control started failing in this range.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="mt-2 w-full text-left text-sm">
              <caption className="sr-only">Time to remediate per control</caption>
              <thead className="bg-gray-50 text-gray-700">
                <tr>
                  <th scope="col" className="px-2 py-1">Control</th>
                  <th scope="col" className="px-2 py-1">Section</th>
                  <th scope="col" className="px-2 py-1">Fixed</th>
                  <th scope="col" className="px-2 py-1">Mean</th>
                  <th scope="col" className="px-2 py-1">Longest</th>
                  <th scope="col" className="px-2 py-1">Failing since</th>
                </tr>
              </thead>
              <tbody>
                {trends.remediation.map((stats) => (
                  <tr key={stats.controlId} className="border-t border-gray-100">
                    <td className="px-2 py-1 font-mono">
                      <Link href={`/controls/${encodeURIComponent(stats.controlId)}?cluster=${encodeURIComponent(clusterName)}`} className="text-blue-800 underline">
                        {stats.controlId}
                      </Link>
                    </td>
                    <td className="px-2 py-1">{stats.sectionId}</td>
                    <td className="px-2 py-1">{stats.remediated}</td>
                    <td className="px-2 py-1">{stats.meanSeconds !== null ? formatDuration(stats.meanSeconds) : '—'}</td>
                    <td className="px-2 py-1">{stats.maxSeconds !== null ? formatDuration(stats.maxSeconds) : '—'}</td>
                    <td className="px-2 py-1">{stats.failingSince ? <UtcTime iso={stats.failingSince} /> : 'fixed'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
