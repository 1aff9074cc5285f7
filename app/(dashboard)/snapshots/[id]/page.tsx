import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { formatScore } from '@/lib/evaluate/score';
import { StatusChip } from '@/components/status-chip';
import { UtcTime } from '@/components/utc-time';
import { SnapshotDownloads } from '@/components/download-button';
import { getPageUser } from '@/lib/auth/page-session';
import { hasPermission } from '@/lib/auth/roles';
import { findActiveControl } from '@/lib/app-context';
import { getAppDatabase } from '@/lib/app-context';
import { NoSuchSnapshotError, readSnapshot } from '@/lib/data/snapshots';

export const dynamic = 'force-dynamic';

const snapshotIdParam = z.uuid();

/** One snapshot as an auditor reads it: what was true at its time, and the seal that proves it was not changed since. */
export default async function SnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  const id = snapshotIdParam.safeParse((await params).id);
  if (!id.success) notFound();
  let snapshot;
  try {
    snapshot = await readSnapshot(await getAppDatabase(), id.data);
  } catch (error) {
    if (error instanceof NoSuchSnapshotError) notFound();
    throw error;
  }
  const asOf = new URLSearchParams({ cluster: snapshot.cluster, at: snapshot.takenAt }).toString();
  const user = await getPageUser();
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/snapshots?cluster=${encodeURIComponent(snapshot.cluster)}`} className="text-blue-800 underline">
          History
        </Link>{' '}
        / snapshot {snapshot.sequence !== null ? `#${snapshot.sequence}` : snapshot.id}
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">
          Snapshot of <UtcTime iso={snapshot.takenAt} />
        </h1>
        <p className="text-sm text-gray-700">
          Cluster <strong>{snapshot.cluster}</strong> · overall score <strong>{formatScore(snapshot.score)}</strong> · collected in {(snapshot.durationMs / 1000).toFixed(1)} s · catalog {snapshot.catalogVersion} ·
          Refmap {snapshot.refmapVersion}
        </p>
        <p className="flex flex-wrap gap-4 text-sm">
          <Link href={`/?${asOf}`} className="text-blue-800 underline">
            The matrix as of this snapshot
          </Link>
          <Link href={`/snapshots/${snapshot.id}/diff`} className="text-blue-800 underline">
            What changed since the previous snapshot
          </Link>
        </p>
      </header>
      {user !== null && hasPermission(user.roles, 'download') ? <SnapshotDownloads snapshotId={snapshot.id} /> : null}

      {snapshot.sourceErrors.length > 0 ? (
        <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">Sources that could not be read when this snapshot was taken (their controls are “unknown”):</p>
          <ul className="mt-1 list-disc pl-5">
            {snapshot.sourceErrors.map((failure) => (
              <li key={failure.source}>
                <strong>{failure.source}</strong> ({failure.kind}): {failure.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section aria-labelledby="seal-heading" className="rounded border border-gray-200 bg-white p-4">
        <h2 id="seal-heading" className="text-lg font-semibold">
          Seal
        </h2>
        <p className="text-sm text-gray-700">
          The manifest hash covers every result and evidence hash of this snapshot and the previous snapshot’s manifest hash; <code className="font-mono">npm run verify</code> recomputes them.
        </p>
        <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">Place in the chain</dt>
          <dd>{snapshot.sequence !== null ? `#${snapshot.sequence}` : 'unsealed (stored before sealing existed)'}</dd>
          <dt className="font-medium">Manifest hash</dt>
          <dd className="font-mono text-xs break-all">{snapshot.manifestHash ?? '—'}</dd>
          <dt className="font-medium">Previous manifest hash</dt>
          <dd className="font-mono text-xs break-all">{snapshot.previousManifestHash ?? '— (first of its cluster)'}</dd>
          <dt className="font-medium">Signature</dt>
          <dd className="font-mono text-xs break-all">{snapshot.signature ?? 'not signed'}</dd>
        </dl>
        {snapshot.publicKey ? (
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-blue-800">Signer’s public key</summary>
            <pre className="mt-1 overflow-x-auto rounded bg-gray-100 p-2 text-xs">{snapshot.publicKey}</pre>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="sections-heading" className="rounded border border-gray-200 bg-white p-4">
        <h2 id="sections-heading" className="text-lg font-semibold">
          Per section
        </h2>
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-left text-sm">
            <thead className="bg-gray-50 text-gray-700">
              <tr>
                <th scope="col" className="px-2 py-1">Section</th>
                <th scope="col" className="px-2 py-1">Score</th>
                <th scope="col" className="px-2 py-1">pass</th>
                <th scope="col" className="px-2 py-1">fail</th>
                <th scope="col" className="px-2 py-1">warn</th>
                <th scope="col" className="px-2 py-1">unknown</th>
                <th scope="col" className="px-2 py-1">manual</th>
                <th scope="col" className="px-2 py-1">not applicable</th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {snapshot.sections.map((section) => (
                <tr key={section.id} className="border-t border-gray-100">
                  <th scope="row" className="px-2 py-1">{section.id}</th>
                  <td className="px-2 py-1">{formatScore(section.score)}</td>
                  <td className="px-2 py-1">{section.pass}</td>
                  <td className="px-2 py-1">{section.fail}</td>
                  <td className="px-2 py-1">{section.warn}</td>
                  <td className="px-2 py-1">{section.unknown}</td>
                  <td className="px-2 py-1">{section.manual}</td>
                  <td className="px-2 py-1">{section.notApplicable}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="results-heading" className="rounded border border-gray-200 bg-white p-4">
        <h2 id="results-heading" className="text-lg font-semibold">
          Results ({snapshot.results.length})
        </h2>
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-left text-sm">
            <thead className="bg-gray-50 text-gray-700">
              <tr>
                <th scope="col" className="px-2 py-1">Control</th>
                <th scope="col" className="px-2 py-1">Status</th>
                <th scope="col" className="px-2 py-1">Summary and evidence</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.results.map((result) => (
                <tr key={result.controlId} className="border-t border-gray-100 align-top">
                  <td className="px-2 py-1 font-mono whitespace-nowrap">
                    <Link href={`/controls/${encodeURIComponent(result.controlId)}?${asOf}`} className="text-blue-800 underline">
                      {result.controlId}
                    </Link>
                  </td>
                  <td className="px-2 py-1">
                    <StatusChip status={result.status} />
                  </td>
                  <td className="px-2 py-1">
                    <span className="text-gray-700">{findActiveControl(result.controlId)?.title ?? ''}</span> — {result.summary}
                    {result.evidence.length === 0 && !result.resultHash ? null : (
                      <details className="mt-1">
                        <summary className="cursor-pointer text-xs text-blue-800">
                          {result.evidence.length} evidence item{result.evidence.length === 1 ? '' : 's'}, hashes
                        </summary>
                        <ul className="mt-1 space-y-1 text-xs">
                          {result.evidence.map((item) => (
                            <li key={item.checkId} className="break-all">
                              <span className="font-mono">{item.checkId}</span> ({item.source}, {item.status}) · sha256 <span className="font-mono">{item.sha256}</span> · content{' '}
                              <span className="font-mono">{item.contentSha256}</span>
                            </li>
                          ))}
                          {result.resultHash ? (
                            <li className="break-all">
                              result hash <span className="font-mono">{result.resultHash}</span>
                            </li>
                          ) : null}
                        </ul>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}
