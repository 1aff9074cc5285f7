import Link from 'next/link';
import { z } from 'zod';
import { StatusChip } from '@/components/status-chip';
import { getAppDatabase } from '@/lib/app-context';
import { NIST_CATALOG_SOURCE } from '@/lib/catalog/nist';
import { getConfig } from '@/lib/config';
import { readMatrixView } from '@/lib/data/matrix-view';
import { buildNistView } from '@/lib/data/nist-view';
import { clusterParam } from '@/lib/http/params';

export const dynamic = 'force-dynamic';

const searchSchema = z.object({ cluster: clusterParam });

/** /nist — the auditor's view of the matrix: NIST SP 800-53 rev5 controls → Refmap controls → status. */
export default async function NistPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = searchSchema.safeParse(await searchParams);
  const configured = getConfig().clusters.map((cluster) => cluster.name);
  if (!parsed.success || (parsed.data.cluster && !configured.includes(parsed.data.cluster))) {
    return (
      <p role="alert" className="rounded bg-red-50 p-4 text-red-900">
        Invalid link: no such cluster. Configured: {configured.join(', ')}.
      </p>
    );
  }
  const clusterNames = parsed.data.cluster ? [parsed.data.cluster] : configured;
  const view = buildNistView(await readMatrixView(await getAppDatabase(), clusterNames));

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">NIST SP 800-53 rev5</h1>
        <p className="text-sm text-gray-700">
          Each 800-53 control the catalog gives evidence for ({view.rows.length}, from {NIST_CATALOG_SOURCE.title}), the Refmap controls behind it and their newest verdicts. An 800-53 control is shown with
          the worst verdict of its Refmap controls.
        </p>
      </div>
      <table className="w-full border-collapse rounded border border-gray-200 bg-white text-left text-sm">
        <thead>
          <tr className="border-b border-gray-300">
            <th scope="col" className="p-2 font-medium">
              800-53 control
            </th>
            {view.clusters.map((cluster) => (
              <th key={cluster.name} scope="col" className="p-2 font-medium">
                {cluster.name}
              </th>
            ))}
            <th scope="col" className="p-2 font-medium">
              Refmap controls
            </th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.id} id={row.id} className="border-b border-gray-100 align-top" data-testid="nist-row">
              <th scope="row" className="p-2 font-normal">
                <Link href={`/?nist=${encodeURIComponent(row.id)}`} className="font-mono text-blue-800 underline">
                  {row.id}
                </Link>{' '}
                {row.title}
              </th>
              {row.statuses.map((status, index) => (
                <td key={view.clusters[index]!.name} className="p-2">
                  {status ? <StatusChip status={status} /> : <span className="text-gray-600">no snapshot</span>}
                </td>
              ))}
              <td className="p-2">
                <ul className="space-y-1">
                  {row.controls.map((control) => (
                    <li key={control.id}>
                      <Link href={`/controls/${encodeURIComponent(control.id)}`} className="font-mono text-blue-800 underline">
                        {control.id}
                      </Link>{' '}
                      {control.cells.map((cell, index) => (cell ? <StatusChip key={view.clusters[index]!.name} status={cell.status} /> : null))}
                      <span className="block text-gray-700">{control.rationale}</span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.unmapped.length > 0 ? (
        <p className="text-sm text-gray-700">
          Not mapped to 800-53 (the organisation’s own controls): {view.unmapped.map((control) => control.id).join(', ')}.
        </p>
      ) : null}
    </div>
  );
}
