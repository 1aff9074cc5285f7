import { formatDuration } from '@/components/format-time';
import { UtcTime } from '@/components/utc-time';
import { getAppDatabase } from '@/lib/app-context';
import { readRemediationEpisodes, readTimeToRemediate } from '@/lib/data/remediation';

/** Time to remediate this control: each failure (first fail → next pass) in the kept history. */
export async function RemediationPanel({ clusterName, controlId, at }: { clusterName: string; controlId: string; at?: Date }) {
  const database = await getAppDatabase();
  // failures that had begun by the time looked at
  const query = { clusterName, controlId, to: at };
  const [stats, episodes] = await Promise.all([readTimeToRemediate(database, query), readRemediationEpisodes(database, query)]);
  const summary = stats[0];
  return (
    <div className="rounded border border-gray-200 bg-white p-4">
      <h3 className="font-semibold">Time to remediate</h3>
      {!summary || episodes.length === 0 ? (
        <p className="mt-1 text-sm text-gray-700">No failure in the kept history.</p>
      ) : (
        <>
          <p className="mt-1 text-sm">
            {summary.remediated === 0 ? 'Not fixed yet' : `Fixed ${summary.remediated} ${summary.remediated === 1 ? 'time' : 'times'}`}
            {summary.meanSeconds !== null ? ` · mean ${formatDuration(summary.meanSeconds)}` : ''}
            {summary.maxSeconds !== null ? ` · longest ${formatDuration(summary.maxSeconds)}` : ''}
            {summary.failingSince ? (
              <>
                {' '}
                · <strong>failing since <UtcTime iso={summary.failingSince} /></strong>
              </>
            ) : null}
          </p>
          <table className="mt-2 w-full text-left text-sm">
            <caption className="sr-only">Failures of this control</caption>
            <thead className="bg-gray-50 text-gray-700">
              <tr>
                <th scope="col" className="px-2 py-1">Failed</th>
                <th scope="col" className="px-2 py-1">Fixed</th>
                <th scope="col" className="px-2 py-1">Took</th>
              </tr>
            </thead>
            <tbody>
              {[...episodes].reverse().map((episode) => (
                <tr key={episode.failedAt} className="border-t border-gray-100">
                  <td className="px-2 py-1"><UtcTime iso={episode.failedAt} /></td>
                  <td className="px-2 py-1">{episode.fixedAt ? <UtcTime iso={episode.fixedAt} /> : 'not yet'}</td>
                  <td className="px-2 py-1">{episode.seconds !== null ? formatDuration(episode.seconds) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
