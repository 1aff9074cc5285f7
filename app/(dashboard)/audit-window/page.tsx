import Link from 'next/link';
import { z } from 'zod';
import { formatScore } from '@/lib/evaluate/score';
import { UtcTime } from '@/components/utc-time';
import { getPageUser } from '@/lib/auth/page-session';
import { hasPermission } from '@/lib/auth/roles';
import { getAppDatabase } from '@/lib/app-context';
import { getConfig } from '@/lib/config';
import { NoSuchClusterError } from '@/lib/data/matrix';
import { readAuditWindow } from '@/lib/data/report-data';
import { clusterParam } from '@/lib/http/params';
import { MAX_SNAPSHOTS_PER_BUNDLE } from '@/lib/reports/download';

export const dynamic = 'force-dynamic';

const DAY_MS = 86_400_000;
// the page lists at most this many; a longer window is narrowed before anyone samples it
const MAX_LISTED = 500;

const dateParam = z.iso.date('must be a date such as 2026-11-29').optional().or(z.literal('').transform(() => undefined));
const searchSchema = z.object({ cluster: clusterParam, from: dateParam, to: dateParam });

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Auditors: a cluster and whole UTC days, the snapshots taken then with their seal, and the window's bundle. */
export default async function AuditWindowPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
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
  // a server component renders once per request: "now" is the request's time, not a render impurity
  // eslint-disable-next-line react-hooks/purity
  const toDay = parsed.data.to ?? isoDay(Date.now());
  const fromDay = parsed.data.from ?? isoDay(Date.parse(`${toDay}T00:00:00Z`) - 6 * DAY_MS);
  const from = new Date(`${fromDay}T00:00:00.000Z`);
  const to = new Date(`${toDay}T23:59:59.999Z`);
  const user = await getPageUser();
  const canDownload = user !== null && hasPermission(user.roles, 'download');
  let window;
  if (from <= to) {
    try {
      window = await readAuditWindow(await getAppDatabase(), { clusterName, from, to, limit: MAX_LISTED });
    } catch (error) {
      if (!(error instanceof NoSuchClusterError)) throw error;
    }
  }
  const bundleHref = `/api/audit-window/bundle.zip?${new URLSearchParams({ cluster: clusterName, from: from.toISOString(), to: to.toISOString() })}`;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Audit window</h1>
        <p className="text-sm text-gray-700">The snapshots of one cluster over whole UTC days (both ends included), each with its place in the hash chain, and one evidence bundle for all of them.</p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded border border-gray-200 bg-white p-3 text-sm">
        <label className="flex flex-col">
          Cluster
          <select name="cluster" defaultValue={clusterName} className="rounded border border-gray-400 px-2 py-1">
            {config.clusters.map((cluster) => (
              <option key={cluster.name} value={cluster.name}>
                {cluster.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          From
          <input type="date" name="from" defaultValue={fromDay} className="rounded border border-gray-400 px-2 py-1" />
        </label>
        <label className="flex flex-col">
          To
          <input type="date" name="to" defaultValue={toDay} className="rounded border border-gray-400 px-2 py-1" />
        </label>
        <button type="submit" className="rounded bg-blue-800 px-3 py-1.5 font-semibold text-white">
          Show snapshots
        </button>
      </form>
      {from > to ? (
        <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-900">
          “From” must not be after “to”.
        </p>
      ) : !window ? (
        <p className="text-sm text-gray-700">No snapshot of {clusterName} yet.</p>
      ) : (
        <section aria-labelledby="window-heading" className="space-y-3">
          <h2 id="window-heading" className="text-lg font-semibold">
            {window.total} snapshot{window.total === 1 ? '' : 's'} of {clusterName} from {fromDay} to {toDay}
          </h2>
          {window.total === 0 ? null : !canDownload ? (
            <p className="text-sm text-gray-700">Downloading the bundle needs the auditor (or admin) role.</p>
          ) : window.total > MAX_SNAPSHOTS_PER_BUNDLE ? (
            <p className="text-sm text-gray-700">
              One bundle holds at most {MAX_SNAPSHOTS_PER_BUNDLE} snapshots: narrow the window to download it.
            </p>
          ) : (
            <a href={bundleHref} download className="inline-block rounded bg-blue-800 px-3 py-1.5 text-sm font-semibold text-white">
              Download the window bundle (zip)
            </a>
          )}
          {window.total > 0 ? (
            <div className="overflow-x-auto rounded border border-gray-200 bg-white">
              <table className="w-full text-left text-sm" data-testid="window-table">
                <caption className="sr-only">Snapshots in the window, oldest first, with their seal</caption>
                <thead className="bg-gray-50 text-gray-700">
                  <tr>
                    <th scope="col" className="px-3 py-2">Taken</th>
                    <th scope="col" className="px-3 py-2">Chain place</th>
                    <th scope="col" className="px-3 py-2">Manifest hash</th>
                    <th scope="col" className="px-3 py-2">Signature</th>
                    <th scope="col" className="px-3 py-2">Score</th>
                  </tr>
                </thead>
                <tbody>
                  {window.snapshots.map((snapshot) => (
                    <tr key={snapshot.id} className="border-t border-gray-100">
                      <th scope="row" className="px-3 py-2 font-normal whitespace-nowrap">
                        <Link href={`/snapshots/${snapshot.id}`} className="text-blue-800 underline">
                          <UtcTime iso={snapshot.takenAt} />
                        </Link>
                      </th>
                      <td className="px-3 py-2">{snapshot.sequence === null ? 'not sealed' : `#${snapshot.sequence}`}</td>
                      <td className="px-3 py-2 font-mono text-xs" title={snapshot.manifestHash ?? undefined}>
                        {snapshot.manifestHash ? `${snapshot.manifestHash.slice(0, 16)}…` : '—'}
                      </td>
                      <td className="px-3 py-2">{snapshot.isSigned ? 'signed' : 'not signed'}</td>
                      <td className="px-3 py-2">{formatScore(snapshot.score)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {window.total > window.snapshots.length ? <p className="text-sm text-gray-700">The first {window.snapshots.length} are listed.</p> : null}
        </section>
      )}
    </div>
  );
}
