import { z } from 'zod';
import { AsOfNotice } from '@/components/as-of-notice';
import { AsOfPicker } from '@/components/as-of-picker';
import { formatScore } from '@/lib/evaluate/score';
import { SnapshotWatcher } from '@/components/snapshot-watcher';
import { SnapshotDownloads } from '@/components/download-button';
import { getPageUser } from '@/lib/auth/page-session';
import { hasPermission } from '@/lib/auth/roles';
import { UtcTime } from '@/components/utc-time';
import { getAppDatabase } from '@/lib/app-context';
import { getConfig } from '@/lib/config';
import { readGlanceTrends } from '@/lib/data/glance';
import { readMatrixView, type MatrixViewCluster } from '@/lib/data/matrix-view';
import { atParam, clusterParam } from '@/lib/http/params';
import { MatrixExplorer } from './_components/matrix-explorer';
import { MatrixGlance } from './_components/matrix-glance';

export const dynamic = 'force-dynamic';

// the filter parameters (status, source, …) belong to the browser side, see _components/matrix-filter.ts
const searchSchema = z.object({ cluster: clusterParam, at: atParam });

export default async function MatrixPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = searchSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <p role="alert" className="rounded bg-red-50 p-4 text-red-900">
        Invalid link: {parsed.error.issues[0]?.path.join('.')} {parsed.error.issues[0]?.message}
      </p>
    );
  }
  const config = getConfig();
  const configured = config.clusters.map((cluster) => cluster.name);
  if (parsed.data.cluster && !configured.includes(parsed.data.cluster)) {
    return (
      <p role="alert" className="rounded bg-red-50 p-4 text-red-900">
        No cluster named “{parsed.data.cluster}” is configured. Configured: {configured.join(', ')}.
      </p>
    );
  }
  const clusterNames = parsed.data.cluster ? [parsed.data.cluster] : configured;
  const database = await getAppDatabase();
  const view = await readMatrixView(database, clusterNames, parsed.data.at);
  const at = parsed.data.at?.toISOString() ?? null;
  const shownSnapshots = view.clusters.flatMap((cluster) => (cluster.snapshot ? [cluster.snapshot] : []));
  const user = await getPageUser();
  const canDownload = user !== null && hasPermission(user.roles, 'download');

  if (shownSnapshots.length === 0) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">Reference Design matrix</h1>
        <AsOfPicker at={at} />
        <section aria-live="polite" className="rounded border border-gray-200 bg-white p-6">
          {at ? (
            <p className="text-gray-700">
              No snapshot of {clusterNames.join(', ')} had been taken by <UtcTime iso={at} />.
            </p>
          ) : (
            <p className="text-gray-700">
              No snapshot yet for {clusterNames.length === 1 ? `cluster “${clusterNames[0]}”` : `clusters ${clusterNames.join(', ')}`} — collecting… This page refreshes itself when the first
              snapshot lands.
            </p>
          )}
        </section>
        <SnapshotWatcher shownSnapshotIds={[]} isLive={at === null} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Reference Design matrix</h1>
          {view.clusters.length === 1 && view.clusters[0]?.snapshot ? (
            <p className="text-sm text-gray-700">
              Cluster <strong>{view.clusters[0].name}</strong> · data collected <UtcTime iso={view.clusters[0].snapshot.takenAt} /> · catalog {view.clusters[0].snapshot.catalogVersion}
            </p>
          ) : (
            <p className="text-sm text-gray-700">{view.clusters.length} clusters side by side</p>
          )}
        </div>
        {view.clusters.length === 1 ? (
          <p className="text-lg">
            Overall score <strong data-testid="overall-score">{formatScore(view.clusters[0]?.score ?? null)}</strong>
          </p>
        ) : null}
      </div>
      <AsOfPicker at={at} />
      <MatrixGlance view={view} trends={await readGlanceTrends(database, clusterNames, parsed.data.at)} at={at} />
      {at ? <AsOfNotice at={at} snapshotTakenAt={view.clusters.length === 1 ? (view.clusters[0]?.snapshot?.takenAt ?? null) : undefined} /> : null}
      {canDownload && shownSnapshots.length === 1 ? <SnapshotDownloads snapshotId={shownSnapshots[0]!.id} /> : null}
      {view.clusters.length > 1 ? <ClusterSummary clusters={view.clusters} /> : null}
      <SourceFailures clusters={view.clusters} />
      <MatrixExplorer view={view} />
      <SnapshotWatcher shownSnapshotIds={shownSnapshots.map((snapshot) => snapshot.id)} isLive={at === null} />
    </div>
  );
}

/** Several clusters: when each was collected and its score. */
function ClusterSummary({ clusters }: { clusters: MatrixViewCluster[] }) {
  return (
    <table className="w-full rounded border border-gray-200 bg-white text-left text-sm">
      <caption className="sr-only">Clusters shown</caption>
      <thead className="bg-gray-50 text-gray-700">
        <tr>
          <th scope="col" className="px-4 py-2">Cluster</th>
          <th scope="col" className="px-4 py-2">Data collected</th>
          <th scope="col" className="px-4 py-2">Overall score</th>
        </tr>
      </thead>
      <tbody>
        {clusters.map((cluster) => (
          <tr key={cluster.name} className="border-t border-gray-100">
            <th scope="row" className="px-4 py-2 font-semibold">{cluster.name}</th>
            <td className="px-4 py-2">{cluster.snapshot ? <UtcTime iso={cluster.snapshot.takenAt} /> : 'no snapshot yet'}</td>
            <td className="px-4 py-2">{formatScore(cluster.score)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Sources that could not be read, by name: their controls are unknown, never pass. */
function SourceFailures({ clusters }: { clusters: MatrixViewCluster[] }) {
  const failures = clusters.flatMap((cluster) => (cluster.snapshot?.sourceErrors ?? []).map((failure) => ({ cluster: cluster.name, ...failure })));
  if (failures.length === 0) return null;
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-semibold">Some sources could not be read; their controls are “unknown”, never “pass”.</p>
      <ul className="mt-1 list-disc pl-5">
        {failures.map((failure) => (
          <li key={`${failure.cluster}/${failure.source}`}>
            {clusters.length > 1 ? `${failure.cluster} · ` : ''}
            <strong>{failure.source}</strong>: {failure.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
