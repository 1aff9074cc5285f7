import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { formatUtc } from '@/components/format-time';
import { formatScore } from '@/lib/evaluate/score';
import { StatusChip } from '@/components/status-chip';
import { UtcTime } from '@/components/utc-time';
import { getAppDatabase } from '@/lib/app-context';
import { diffSnapshots, listSnapshots, NoPreviousSnapshotError, NoSuchSnapshotError, readSnapshot, type SnapshotDiff } from '@/lib/data/snapshots';
import type { ControlStatus } from '@/lib/evaluate/types';

export const dynamic = 'force-dynamic';

const snapshotIdParam = z.uuid();
const searchSchema = z.object({ against: snapshotIdParam.optional().or(z.literal('').transform(() => undefined)) });

// how bad a status is, to say whether a change made things worse
const BADNESS: Record<ControlStatus, number> = { pass: 0, 'not-applicable': 0, manual: 1, warn: 2, unknown: 3, fail: 4 };

function directionOf(change: SnapshotDiff['controls'][number]): 'worse' | 'better' | 'changed' {
  if (change.before === null || change.after === null) return 'changed';
  if (BADNESS[change.after] > BADNESS[change.before]) return 'worse';
  if (BADNESS[change.after] < BADNESS[change.before]) return 'better';
  return 'changed';
}

/** What changed between two snapshots of a cluster: controls whose verdict changed and evidence whose content changed. */
export default async function DiffPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const id = snapshotIdParam.safeParse((await params).id);
  const search = searchSchema.safeParse(await searchParams);
  if (!id.success || !search.success) notFound();
  const database = await getAppDatabase();
  let diff: SnapshotDiff | null = null;
  let cluster: string;
  try {
    diff = await diffSnapshots(database, id.data, search.data.against);
    cluster = diff.snapshot.cluster;
  } catch (error) {
    if (error instanceof NoSuchSnapshotError) notFound();
    if (!(error instanceof NoPreviousSnapshotError)) throw error;
    cluster = (await readSnapshot(database, id.data)).cluster;
  }
  const others = (await listSnapshots(database, { clusterName: cluster, limit: 200 })).filter((snapshot) => snapshot.id !== id.data);
  const changes = diff ? [...diff.controls].sort((a, b) => ['worse', 'changed', 'better'].indexOf(directionOf(a)) - ['worse', 'changed', 'better'].indexOf(directionOf(b))) : [];
  const worse = changes.filter((change) => directionOf(change) === 'worse').length;

  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/snapshots?cluster=${encodeURIComponent(cluster)}`} className="text-blue-800 underline">
          History
        </Link>{' '}
        /{' '}
        <Link href={`/snapshots/${id.data}`} className="text-blue-800 underline">
          snapshot
        </Link>{' '}
        / what changed
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">What changed</h1>
        {diff ? (
          <p className="text-gray-800">
            Cluster <strong>{cluster}</strong>: from{' '}
            <Link href={`/snapshots/${diff.against.id}`} className="text-blue-800 underline">
              <UtcTime iso={diff.against.takenAt} />
            </Link>{' '}
            (score {formatScore(diff.against.score)}) to{' '}
            <Link href={`/snapshots/${diff.snapshot.id}`} className="text-blue-800 underline">
              <UtcTime iso={diff.snapshot.takenAt} />
            </Link>{' '}
            (score <strong>{formatScore(diff.snapshot.score)}</strong>).
          </p>
        ) : (
          <p className="text-gray-800">This is the first snapshot of cluster {cluster}: choose another one to compare it with.</p>
        )}
      </header>

      <form method="get" aria-label="Compare with" className="flex flex-wrap items-end gap-3 rounded border border-gray-200 bg-white p-4 text-sm">
        <label className="flex flex-col">
          <span className="font-medium">Compare with</span>
          <select name="against" defaultValue={diff?.against.id ?? ''} className="mt-1 rounded border border-gray-400 bg-white px-2 py-1.5">
            <option value="">the previous snapshot</option>
            {others.map((snapshot) => (
              <option key={snapshot.id} value={snapshot.id}>
                {formatUtc(snapshot.takenAt)} — score {formatScore(snapshot.score)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">
          Compare
        </button>
      </form>

      {diff ? (
        <>
          <section aria-labelledby="controls-heading" className="rounded border border-gray-200 bg-white p-4">
            <h2 id="controls-heading" className="text-lg font-semibold">
              Controls whose status changed ({changes.length}
              {worse > 0 ? `, ${worse} worse` : ''})
            </h2>
            {changes.length === 0 ? (
              <p className="mt-1 text-sm text-gray-700">No control changed its status.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="mt-2 w-full text-left text-sm">
                  <thead className="bg-gray-50 text-gray-700">
                    <tr>
                      <th scope="col" className="px-2 py-1">Control</th>
                      <th scope="col" className="px-2 py-1">Before</th>
                      <th scope="col" className="px-2 py-1">After</th>
                      <th scope="col" className="px-2 py-1">Change</th>
                      <th scope="col" className="px-2 py-1">Now</th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map((change) => {
                      const direction = directionOf(change);
                      return (
                        <tr key={change.controlId} data-testid="changed-control" className="border-t border-gray-100 align-top">
                          <td className="px-2 py-1">
                            <Link
                              href={`/controls/${encodeURIComponent(change.controlId)}?${new URLSearchParams({ cluster, at: diff.snapshot.takenAt })}`}
                              className="font-mono text-blue-800 underline"
                            >
                              {change.controlId}
                            </Link>
                            <div className="text-xs text-gray-700">{change.title}</div>
                          </td>
                          <td className="px-2 py-1">{change.before ? <StatusChip status={change.before} /> : 'absent'}</td>
                          <td className="px-2 py-1">{change.after ? <StatusChip status={change.after} /> : 'absent'}</td>
                          <td className={`px-2 py-1 font-semibold whitespace-nowrap ${direction === 'worse' ? 'text-fail' : direction === 'better' ? 'text-pass' : 'text-gray-700'}`}>
                            {direction === 'worse' ? '▼ worse' : direction === 'better' ? '▲ better' : 'changed'}
                          </td>
                          <td className="px-2 py-1 text-gray-800">{change.summary ?? '—'}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="evidence-heading" className="rounded border border-gray-200 bg-white p-4">
            <h2 id="evidence-heading" className="text-lg font-semibold">
              Evidence whose content changed ({diff.evidence.length})
            </h2>
            <p className="text-sm text-gray-700">Compared by content hash: evidence that was merely observed again does not count.</p>
            {diff.evidence.length === 0 ? null : (
              <div className="overflow-x-auto">
                <table className="mt-2 w-full text-left text-sm">
                  <thead className="bg-gray-50 text-gray-700">
                    <tr>
                      <th scope="col" className="px-2 py-1">Control</th>
                      <th scope="col" className="px-2 py-1">Check</th>
                      <th scope="col" className="px-2 py-1">Content hash before</th>
                      <th scope="col" className="px-2 py-1">Content hash after</th>
                    </tr>
                  </thead>
                  <tbody className="font-mono text-xs">
                    {diff.evidence.map((item) => (
                      <tr key={`${item.controlId}/${item.checkId}`} className="border-t border-gray-100">
                        <td className="px-2 py-1">{item.controlId}</td>
                        <td className="px-2 py-1">{item.checkId}</td>
                        <td className="px-2 py-1" title={item.before ?? undefined}>{item.before ? item.before.slice(0, 16) : 'absent'}</td>
                        <td className="px-2 py-1" title={item.after ?? undefined}>{item.after ? item.after.slice(0, 16) : 'absent'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
    </article>
  );
}
