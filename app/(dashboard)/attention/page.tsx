import Link from 'next/link';
import { StatusChip } from '@/components/status-chip';
import { UtcTime } from '@/components/utc-time';
import { getAppDatabase } from '@/lib/app-context';
import { getConfig } from '@/lib/config';
import { EXPIRING_WITHIN_DAYS, readAttention } from '@/lib/data/attention';

export const dynamic = 'force-dynamic';

const controlHref = (controlId: string, cluster: string) => `/controls/${encodeURIComponent(controlId)}?${new URLSearchParams({ cluster })}`;

/** Officers: what to work on next, worst first, and the sign-offs that run out soon. */
export default async function AttentionPage() {
  const config = getConfig();
  const clusters = config.clusters.map((cluster) => cluster.name);
  const attention = await readAttention(await getAppDatabase(), clusters);
  const isFleet = clusters.length > 1;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Needs attention</h1>
        <p className="text-sm text-gray-700">
          Failing, unknown and warning controls of {isFleet ? `${clusters.length} clusters` : `cluster ${clusters[0]}`} in their newest snapshot: worst status first, then the
          oldest, then the most offending objects. Each row opens its drilldown.
        </p>
      </div>
      {attention.missing.length > 0 ? <p className="rounded bg-amber-50 p-3 text-sm text-amber-950">No snapshot yet of {attention.missing.join(', ')}.</p> : null}

      <section aria-labelledby="expiring-heading" className="space-y-2">
        <h2 id="expiring-heading" className="text-lg font-semibold">
          Sign-offs expiring within {EXPIRING_WITHIN_DAYS} days
        </h2>
        {attention.expiring.length === 0 ? (
          <p className="text-sm text-gray-700">None.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="expiring-sign-offs">
            {attention.expiring.map((record) => (
              <li key={`${record.kind}/${record.cluster}/${record.controlId}/${record.expiresAt}`}>
                <Link href={controlHref(record.controlId, record.cluster)} className="font-mono text-blue-800 underline">
                  {record.controlId}
                </Link>{' '}
                {record.kind} on {record.cluster}, owner {record.owner}, expires <UtcTime iso={record.expiresAt} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="controls-heading" className="space-y-2">
        <h2 id="controls-heading" className="text-lg font-semibold">
          Controls ({attention.items.length})
        </h2>
        {attention.items.length === 0 ? (
          <p className="text-sm text-gray-700">Nothing fails, warns or is unknown.</p>
        ) : (
          <div className="overflow-x-auto rounded border border-gray-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="attention-table">
              <caption className="sr-only">Controls that need attention, worst first</caption>
              <thead className="bg-gray-50 text-gray-700">
                <tr>
                  <th scope="col" className="px-3 py-2">Control</th>
                  {isFleet ? <th scope="col" className="px-3 py-2">Cluster</th> : null}
                  <th scope="col" className="px-3 py-2">Status</th>
                  <th scope="col" className="px-3 py-2">Since</th>
                  <th scope="col" className="px-3 py-2">Offenders</th>
                  <th scope="col" className="px-3 py-2">Owner</th>
                  <th scope="col" className="px-3 py-2">What the evidence says</th>
                </tr>
              </thead>
              <tbody>
                {attention.items.map((item) => (
                  <tr key={`${item.cluster}/${item.controlId}`} className="border-t border-gray-100 align-top">
                    <th scope="row" className="px-3 py-2 font-mono font-normal whitespace-nowrap">
                      <Link href={controlHref(item.controlId, item.cluster)} className="text-blue-800 underline">
                        {item.controlId}
                      </Link>
                    </th>
                    {isFleet ? <td className="px-3 py-2">{item.cluster}</td> : null}
                    <td className="px-3 py-2 whitespace-nowrap">
                      <StatusChip status={item.status} />
                      {item.isWaived ? <span className="ml-1 text-xs text-gray-700">waived</span> : null}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <UtcTime iso={item.since} />
                    </td>
                    <td className="px-3 py-2 text-right">{item.offenders}</td>
                    <td className="px-3 py-2">{item.owners.length > 0 ? item.owners.join(', ') : <span className="text-gray-700">nobody yet</span>}</td>
                    <td className="min-w-64 px-3 py-2 text-gray-800">{item.summary}</td>
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
