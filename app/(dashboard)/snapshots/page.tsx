import Link from 'next/link';
import { z } from 'zod';
import { formatScore } from '@/lib/evaluate/score';
import { UtcTime } from '@/components/utc-time';
import { getAppDatabase } from '@/lib/app-context';
import { getConfig } from '@/lib/config';
import { readSnapshotPage } from '@/lib/data/history';
import { NoSuchClusterError } from '@/lib/data/matrix';
import { clusterParam } from '@/lib/http/params';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 25;

const dateParam = z.iso.date('must be a date such as 2026-11-29').optional().or(z.literal('').transform(() => undefined));

const searchSchema = z.object({
  cluster: clusterParam,
  from: dateParam,
  to: dateParam,
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export default async function SnapshotsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
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
  // whole UTC days, both ends included
  const from = parsed.data.from ? new Date(`${parsed.data.from}T00:00:00Z`) : undefined;
  const to = parsed.data.to ? new Date(`${parsed.data.to}T23:59:59.999Z`) : undefined;
  let history;
  try {
    history = await readSnapshotPage(await getAppDatabase(), { clusterName, from, to, page: parsed.data.page, pageSize: PAGE_SIZE });
  } catch (error) {
    if (!(error instanceof NoSuchClusterError)) throw error;
    history = null;
  }

  const pageHref = (page: number) => {
    const query = new URLSearchParams();
    if (parsed.data.cluster) query.set('cluster', parsed.data.cluster);
    if (parsed.data.from) query.set('from', parsed.data.from);
    if (parsed.data.to) query.set('to', parsed.data.to);
    if (page > 1) query.set('page', String(page));
    const text = query.toString();
    return text ? `/snapshots?${text}` : '/snapshots';
  };

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">History</h1>
        <p className="text-sm text-gray-700">
          Every snapshot of cluster <strong>{clusterName}</strong>, newest first: what was true when, sealed in a hash chain.
        </p>
      </div>
      <form method="get" aria-label="Cluster and dates" className="flex flex-wrap items-end gap-3 rounded border border-gray-200 bg-white p-4 text-sm">
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
          <span className="font-medium">From (UTC day)</span>
          <input type="date" name="from" defaultValue={parsed.data.from ?? ''} className="mt-1 rounded border border-gray-400 px-2 py-1" />
        </label>
        <label className="flex flex-col">
          <span className="font-medium">To (UTC day)</span>
          <input type="date" name="to" defaultValue={parsed.data.to ?? ''} className="mt-1 rounded border border-gray-400 px-2 py-1" />
        </label>
        <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">
          Show
        </button>
        {parsed.data.from || parsed.data.to ? (
          <Link href={parsed.data.cluster ? `/snapshots?cluster=${encodeURIComponent(parsed.data.cluster)}` : '/snapshots'} className="text-blue-800 underline">
            All dates
          </Link>
        ) : null}
      </form>

      {history === null || history.total === 0 ? (
        <p className="rounded border border-gray-200 bg-white p-4 text-gray-700">
          {history === null ? `No snapshot of cluster “${clusterName}” yet — the first collection may still be running.` : 'No snapshot in this date range.'}
        </p>
      ) : (
        <>
          <div className="overflow-x-auto rounded border border-gray-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">
                Snapshots, page {history.page} of {history.pageCount}
              </caption>
              <thead className="bg-gray-50 text-gray-700">
                <tr>
                  <th scope="col" className="px-3 py-2">Taken</th>
                  <th scope="col" className="px-3 py-2">Score</th>
                  <th scope="col" className="px-3 py-2">pass / fail / warn / unknown</th>
                  <th scope="col" className="px-3 py-2">Sources down</th>
                  <th scope="col" className="px-3 py-2">Chain</th>
                  <th scope="col" className="px-3 py-2">Compare</th>
                </tr>
              </thead>
              <tbody>
                {history.snapshots.map((snapshot, index) => {
                  const previous = history.snapshots[index + 1];
                  return (
                    <tr key={snapshot.id} className="border-t border-gray-100">
                      <td className="px-3 py-2">
                        <Link href={`/snapshots/${snapshot.id}`} className="text-blue-800 underline">
                          <UtcTime iso={snapshot.takenAt} />
                        </Link>
                      </td>
                      <td className="px-3 py-2">{formatScore(snapshot.score)}</td>
                      <td className="px-3 py-2 tabular-nums">
                        {snapshot.counts.pass} / {snapshot.counts.fail} / {snapshot.counts.warn} / {snapshot.counts.unknown}
                      </td>
                      <td className="px-3 py-2">{snapshot.failedSources.length === 0 ? 'none' : snapshot.failedSources.join(', ')}</td>
                      <td className="px-3 py-2 font-mono text-xs">
                        {snapshot.sequence !== null ? `#${snapshot.sequence}` : 'unsealed'} {snapshot.manifestHash ? snapshot.manifestHash.slice(0, 12) : ''}
                        {snapshot.isSigned ? ' · signed' : ''}
                      </td>
                      <td className="px-3 py-2">
                        {previous ? (
                          <Link href={`/snapshots/${snapshot.id}/diff?against=${previous.id}`} className="text-blue-800 underline">
                            diff with previous
                          </Link>
                        ) : snapshot.sequence === 1 ? (
                          <span className="text-gray-700">first of its cluster</span>
                        ) : (
                          // the previous snapshot is on the next page: the diff page finds it
                          <Link href={`/snapshots/${snapshot.id}/diff`} className="text-blue-800 underline">
                            diff with previous
                          </Link>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
            {history.page > 1 ? (
              <Link href={pageHref(history.page - 1)} className="text-blue-800 underline">
                ← Newer
              </Link>
            ) : (
              <span className="text-gray-700">← Newer</span>
            )}
            <span>
              Page {history.page} of {history.pageCount} ({history.total} snapshots)
            </span>
            {history.page < history.pageCount ? (
              <Link href={pageHref(history.page + 1)} className="text-blue-800 underline">
                Older →
              </Link>
            ) : (
              <span className="text-gray-700">Older →</span>
            )}
          </nav>
        </>
      )}
    </div>
  );
}
