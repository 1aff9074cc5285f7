import Link from 'next/link';
import { z } from 'zod';
import { formatScore } from '@/components/score';
import { SnapshotWatcher } from '@/components/snapshot-watcher';
import { StatusChip } from '@/components/status-chip';
import { getAppDatabase } from '@/lib/app-database';
import { getConfig } from '@/lib/config';
import { NoSnapshotError, NoSuchClusterError, readMatrix } from '@/lib/data/matrix';
import { atParam, clusterParam } from '@/lib/http/params';

export const dynamic = 'force-dynamic';

const searchSchema = z.object({ cluster: clusterParam, at: atParam });

export default async function MatrixPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = searchSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return <p role="alert" className="rounded bg-red-50 p-4 text-red-900">Invalid link: {parsed.error.issues[0]?.message}</p>;
  }
  const clusterName = parsed.data.cluster ?? getConfig().clusterName;
  const database = await getAppDatabase();
  let matrix;
  try {
    matrix = await readMatrix(database, clusterName, parsed.data.at);
  } catch (error) {
    if (error instanceof NoSnapshotError || error instanceof NoSuchClusterError) {
      return (
        <section aria-live="polite" className="rounded border border-gray-200 bg-white p-6">
          <h1 className="text-xl font-semibold">Reference Design matrix</h1>
          <p className="mt-2 text-gray-700">No snapshot yet for cluster “{clusterName}” — collecting… This page refreshes itself when the first snapshot lands.</p>
          <SnapshotWatcher shownSnapshotId={null} isLive={parsed.data.at === undefined} />
        </section>
      );
    }
    throw error;
  }
  const controlQuery = parsed.data.cluster ? `?cluster=${encodeURIComponent(parsed.data.cluster)}` : '';
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Reference Design matrix</h1>
          <p className="text-sm text-gray-700">
            Cluster <strong>{matrix.cluster}</strong> · snapshot of <time dateTime={matrix.snapshot.takenAt}>{new Date(matrix.snapshot.takenAt).toUTCString()}</time> · catalog {matrix.snapshot.catalogVersion}
          </p>
        </div>
        <p className="text-lg">
          Overall score <strong data-testid="overall-score">{formatScore(matrix.score)}</strong>
        </p>
      </div>
      {matrix.snapshot.sourceErrors.length > 0 ? (
        <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">Some sources could not be read; their controls are “unknown”, never “pass”.</p>
          <ul className="mt-1 list-disc pl-5">
            {matrix.snapshot.sourceErrors.map((failure) => (
              <li key={failure.source}>
                {failure.source}: {failure.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {matrix.sections.map((section) => (
        <section key={section.id} aria-labelledby={`section-${section.id}`} className="rounded border border-gray-200 bg-white">
          <div className="flex items-baseline justify-between border-b border-gray-200 px-4 py-3">
            <h2 id={`section-${section.id}`} className="text-lg font-semibold">
              Section {section.id}: {section.title}
            </h2>
            <span className="text-sm text-gray-700">Score {formatScore(section.score)}</span>
          </div>
          <p className="px-4 pt-2 text-sm text-gray-700">{section.summary}</p>
          {section.controls.length === 0 ? (
            <p className="px-4 py-3 text-sm italic text-gray-600">Context only — no controls.</p>
          ) : (
            <table className="mt-2 w-full text-left text-sm">
              <caption className="sr-only">Controls of section {section.id}</caption>
              <thead className="bg-gray-50 text-gray-700">
                <tr>
                  <th scope="col" className="px-4 py-2">Control</th>
                  <th scope="col" className="px-4 py-2">Title</th>
                  <th scope="col" className="px-4 py-2">Status</th>
                  <th scope="col" className="px-4 py-2">Summary</th>
                </tr>
              </thead>
              <tbody>
                {section.controls.map((control) => (
                  <tr key={control.id} data-control-id={control.id} className="border-t border-gray-100 align-top">
                    <td className="px-4 py-2 font-mono">
                      <Link href={`/controls/${encodeURIComponent(control.id)}${controlQuery}`} className="text-blue-800 underline">
                        {control.id}
                      </Link>
                    </td>
                    <td className="px-4 py-2">
                      {control.title}
                      {control.group ? <div className="text-xs text-gray-600">{control.group}</div> : null}
                    </td>
                    <td className="px-4 py-2">
                      <StatusChip status={control.status} />
                    </td>
                    <td className="px-4 py-2 text-gray-800">{control.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
      <SnapshotWatcher shownSnapshotId={matrix.snapshot.id} isLive={parsed.data.at === undefined} />
    </div>
  );
}
