import Link from 'next/link';
import { formatDuration, formatUtcDate } from '@/components/format-time';
import { formatScore } from '@/lib/evaluate/score';
import { UtcTime } from '@/components/utc-time';
import { getAppDatabase } from '@/lib/app-context';
import { getConfig } from '@/lib/config';
import { readSummary, SUMMARY_DAYS, type MonthRemediation } from '@/lib/data/summary';

export const dynamic = 'force-dynamic';

/** A change in score points, with its direction in words as well as in sign. */
function Change({ now, then }: { now: number | null; then: number | null }) {
  if (now === null || then === null) return <span className="text-gray-700">—</span>;
  const points = Math.round((now - then) * 100);
  if (points === 0) return <span className="text-gray-700">no change</span>;
  return points > 0 ? <span className="text-pass">up {points} points</span> : <span className="font-semibold text-fail">down {-points} points</span>;
}

function MonthCell({ month }: { month: MonthRemediation }) {
  return (
    <p>
      <span className="font-semibold">{month.fixed}</span> failure{month.fixed === 1 ? '' : 's'} fixed
      {month.meanSeconds !== null ? <>, on average in {formatDuration(month.meanSeconds)}</> : null}
    </p>
  );
}

/** Managers: where the scores stand against a month ago, what got worse, and how fast failures are fixed. */
export default async function SummaryPage() {
  const config = getConfig();
  const summary = await readSummary(
    await getAppDatabase(),
    config.clusters.map((cluster) => cluster.name),
  );
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Summary</h1>
        <p className="text-sm text-gray-700">
          Scores now against {SUMMARY_DAYS} days ago (<UtcTime iso={summary.then} />), the worst regressions since then, and time to remediate.
        </p>
      </div>

      <section aria-labelledby="scores-heading" className="space-y-2">
        <h2 id="scores-heading" className="text-lg font-semibold">
          Scores
        </h2>
        {summary.clusters.length === 0 ? <p className="text-sm text-gray-700">No snapshot yet.</p> : null}
        <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
          {summary.clusters.map((cluster) => (
            <div key={cluster.cluster} className="rounded border border-gray-200 bg-white p-3" data-testid="cluster-summary">
              <h3 className="font-semibold">
                {cluster.cluster}: {formatScore(cluster.overall.now)}{' '}
                <span className="text-sm font-normal">
                  (<Change now={cluster.overall.now} then={cluster.overall.then} />)
                </span>
              </h3>
              <table className="mt-2 w-full text-left text-sm">
                <caption className="sr-only">Section scores of {cluster.cluster}, now and {SUMMARY_DAYS} days ago</caption>
                <thead className="text-gray-700">
                  <tr>
                    <th scope="col" className="py-1 font-normal">Section</th>
                    <th scope="col" className="py-1 text-right font-normal">{SUMMARY_DAYS} d ago</th>
                    <th scope="col" className="py-1 text-right font-normal">Now</th>
                    <th scope="col" className="py-1 pl-2 font-normal">Change</th>
                  </tr>
                </thead>
                <tbody>
                  {cluster.sections.map((section) => (
                    <tr key={section.id} className="border-t border-gray-100">
                      <th scope="row" className="py-1 font-normal">
                        {section.id}. {section.title}
                      </th>
                      <td className="py-1 text-right">{formatScore(section.then)}</td>
                      <td className="py-1 text-right font-semibold">{formatScore(section.now)}</td>
                      <td className="py-1 pl-2">
                        <Change now={section.now} then={section.then} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Link href={`/trends?${new URLSearchParams({ cluster: cluster.cluster, range: '90d' })}`} className="mt-2 inline-block text-sm text-blue-800 underline">
                Trends of {cluster.cluster}
              </Link>
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="regressions-heading" className="space-y-2">
        <h2 id="regressions-heading" className="text-lg font-semibold">
          Worst regressions of the last {SUMMARY_DAYS} days
        </h2>
        {summary.regressions.length === 0 ? (
          <p className="text-sm text-gray-700">No score dropped.</p>
        ) : (
          <ol className="list-decimal space-y-1 pl-6 text-sm" data-testid="worst-regressions">
            {summary.regressions.map((regression) => (
              <li key={regression.snapshotId}>
                <span className="font-semibold">{regression.cluster}</span>, <UtcTime iso={regression.takenAt} />: down {Math.round(regression.drop * 100)} points
                {regression.overall ? ` (overall ${formatScore(regression.overall.before)} → ${formatScore(regression.overall.after)})` : ''}
                {regression.sections.length > 0 ? `, section${regression.sections.length > 1 ? 's' : ''} ${regression.sections.map((section) => section.id).join(', ')}` : ''} —{' '}
                <Link href={`/snapshots/${regression.snapshotId}/diff?against=${regression.previousId}`} className="text-blue-800 underline">
                  what changed
                </Link>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="remediation-heading" className="space-y-2">
        <h2 id="remediation-heading" className="text-lg font-semibold">
          Time to remediate
        </h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="rounded border border-gray-200 bg-white p-3 text-sm">
            <h3 className="font-semibold">This month (since {formatUtcDate(summary.remediation.thisMonth.month)})</h3>
            <MonthCell month={summary.remediation.thisMonth} />
          </div>
          <div className="rounded border border-gray-200 bg-white p-3 text-sm">
            <h3 className="font-semibold">Last month (from {formatUtcDate(summary.remediation.lastMonth.month)})</h3>
            <MonthCell month={summary.remediation.lastMonth} />
          </div>
        </div>
      </section>
    </div>
  );
}
