import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { StatusChip } from '@/components/status-chip';
import { getAppDatabase } from '@/lib/app-database';
import { getConfig } from '@/lib/config';
import { NoSuchControlError, readControlDetail } from '@/lib/data/control-detail';
import { NoSnapshotError, NoSuchClusterError } from '@/lib/data/matrix';
import { atParam, clusterParam, controlIdParam } from '@/lib/http/params';

export const dynamic = 'force-dynamic';

const searchSchema = z.object({ cluster: clusterParam, at: atParam });

const MAX_OFFENDER_ROWS = 50;

export default async function ControlPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const controlId = controlIdParam.safeParse(decodeURIComponent((await params).id));
  const search = searchSchema.safeParse(await searchParams);
  if (!controlId.success || !search.success) notFound();
  let detail;
  try {
    detail = await readControlDetail(await getAppDatabase(), search.data.cluster ?? getConfig().clusterName, controlId.data, search.data.at);
  } catch (error) {
    if (error instanceof NoSuchControlError || error instanceof NoSuchClusterError || error instanceof NoSnapshotError) notFound();
    throw error;
  }
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-blue-800 underline">
          Matrix
        </Link>{' '}
        / Section {detail.control.sectionId} / {detail.control.id}
      </nav>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">
          <span className="font-mono">{detail.control.id}</span> — {detail.control.title}
        </h1>
        <div className="flex items-center gap-3">
          <StatusChip status={detail.status} />
          <span className="text-gray-800">{detail.summary}</span>
        </div>
        <p className="text-sm text-gray-700">
          Cluster <strong>{detail.cluster}</strong> · snapshot of <time dateTime={detail.snapshot.takenAt}>{new Date(detail.snapshot.takenAt).toUTCString()}</time>
        </p>
      </header>
      <section aria-labelledby="requirement" className="grid gap-4 md:grid-cols-2">
        <div className="rounded border border-gray-200 bg-white p-4">
          <h2 id="requirement" className="font-semibold">Requirement</h2>
          <p className="mt-1 text-sm">{detail.control.requirement}</p>
        </div>
        <div className="rounded border border-gray-200 bg-white p-4">
          <h2 className="font-semibold">How Compliant Kubernetes meets it</h2>
          <p className="mt-1 text-sm">{detail.control.implementation}</p>
        </div>
        <div className="rounded border border-gray-200 bg-white p-4 md:col-span-2">
          <h2 className="font-semibold">Remediation</h2>
          <p className="mt-1 text-sm">{detail.control.remediation}</p>
        </div>
      </section>
      <section aria-labelledby="evidence-heading" className="space-y-4">
        <h2 id="evidence-heading" className="text-xl font-semibold">Evidence</h2>
        {detail.control.isManual ? <p className="text-sm text-gray-700">No cluster can show this control; it needs an attestation with an owner and an expiry.</p> : null}
        {detail.checks.map((check) => (
          <div key={check.id} className="rounded border border-gray-200 bg-white p-4" data-check-id={check.id}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="font-semibold">
                {check.id} <span className="text-sm font-normal text-gray-700">({check.source})</span>
              </h3>
              <StatusChip status={check.status} />
            </div>
            <p className="mt-1 text-sm">{check.summary}</p>
            <p className="mt-1 text-sm text-gray-700">Rule: {check.rule}</p>
            <h4 className="mt-3 text-sm font-semibold">Query</h4>
            <pre className="mt-1 overflow-x-auto rounded bg-gray-900 p-2 text-xs text-gray-50">
              <code>{check.query}</code>
            </pre>
            {check.offenders.length > 0 ? (
              <>
                <h4 className="mt-3 text-sm font-semibold">
                  Offending objects ({check.totalOffenders}
                  {check.totalOffenders > check.offenders.length ? `, first ${check.offenders.length} kept as evidence` : ''})
                </h4>
                <table className="mt-1 w-full text-left text-sm">
                  <thead className="bg-gray-50">
                    <tr>
                      <th scope="col" className="px-2 py-1">Object</th>
                      <th scope="col" className="px-2 py-1">Container</th>
                      <th scope="col" className="px-2 py-1">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {check.offenders.slice(0, MAX_OFFENDER_ROWS).map((offender) => (
                      <tr key={`${offender.object}/${offender.container ?? ''}/${offender.reason}`} className="border-t border-gray-100">
                        <td className="px-2 py-1 font-mono">{offender.object}</td>
                        <td className="px-2 py-1 font-mono">{offender.container ?? '—'}</td>
                        <td className="px-2 py-1">{offender.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : null}
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer">Raw evidence excerpt</summary>
              <pre className="mt-1 max-h-80 overflow-auto rounded bg-gray-100 p-2 text-xs">{JSON.stringify(check.excerpt, null, 2)}</pre>
            </details>
            <p className="mt-2 break-all text-xs text-gray-700">
              Observed <time dateTime={check.observedAt}>{check.observedAt}</time> · sha256 <span className="font-mono">{check.sha256}</span>
            </p>
          </div>
        ))}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-xl font-semibold">Recent history</h2>
        <ol className="mt-2 flex flex-wrap gap-2">
          {detail.history.map((entry) => (
            <li key={entry.snapshotId} className="text-xs">
              <time dateTime={entry.takenAt}>{new Date(entry.takenAt).toISOString().slice(0, 16).replace('T', ' ')}</time> <StatusChip status={entry.status} />
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
