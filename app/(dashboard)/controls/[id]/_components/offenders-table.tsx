import Link from 'next/link';
import type { ControlDetail } from '@/lib/data/control-detail';

export const OFFENDERS_PAGE_SIZE = 20;

/**
 * The offending objects of all checks, one page at a time (`?page=` in the URL, read on the server).
 * Evidence keeps only the first N offenders of each check and their total; the table says so.
 */
export function OffendersTable({ checks, page, pageHref }: { checks: ControlDetail['checks']; page: number; pageHref: (page: number) => string }) {
  const rows = checks.flatMap((check) => check.offenders.map((offender) => ({ checkId: check.id, ...offender })));
  const withOffenders = checks.filter((check) => check.totalOffenders > 0);
  if (withOffenders.length === 0) return null;
  // with one check, a column naming it on every row says nothing
  const showsCheck = withOffenders.length > 1;
  const pageCount = Math.max(1, Math.ceil(rows.length / OFFENDERS_PAGE_SIZE));
  const current = Math.min(page, pageCount);
  const shown = rows.slice((current - 1) * OFFENDERS_PAGE_SIZE, current * OFFENDERS_PAGE_SIZE);
  return (
    <section aria-labelledby="offenders-heading" id="offenders" className="rounded border border-gray-200 bg-white p-4">
      <h2 id="offenders-heading" className="text-xl font-semibold">
        Offending objects
      </h2>
      <ul className="mt-1 text-sm text-gray-700">
        {withOffenders.map((check) => (
          <li key={check.id}>
            <span className="font-mono">{check.id}</span>:{' '}
            {check.totalOffenders > check.offenders.length
              ? `showing the first ${check.offenders.length} of ${check.totalOffenders} kept as evidence`
              : `all ${check.totalOffenders} kept as evidence`}
          </li>
        ))}
      </ul>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">
            Offending objects, page {current} of {pageCount}
          </caption>
          <thead className="bg-gray-50 text-gray-700">
            <tr>
              <th scope="col" className="px-2 py-1">Object</th>
              <th scope="col" className="px-2 py-1">Container</th>
              <th scope="col" className="px-2 py-1">Reason</th>
              {showsCheck ? (
                <th scope="col" className="px-2 py-1">
                  Check
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => (
              <tr key={`${row.checkId}/${row.object}/${row.container ?? ''}/${index}`} className="border-t border-gray-100">
                <td className="px-2 py-1 font-mono">{row.object}</td>
                <td className="px-2 py-1 font-mono">{row.container ?? '—'}</td>
                <td className="px-2 py-1">{row.reason}</td>
                {showsCheck ? <td className="px-2 py-1 font-mono text-xs">{row.checkId}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pageCount > 1 ? (
        <nav aria-label="Offending objects pages" className="mt-3 flex items-center gap-4 text-sm">
          {current > 1 ? (
            <Link href={pageHref(current - 1)} className="text-blue-800 underline">
              ← Previous
            </Link>
          ) : (
            <span className="text-gray-700">← Previous</span>
          )}
          <span>
            Page {current} of {pageCount} ({rows.length} objects)
          </span>
          {current < pageCount ? (
            <Link href={pageHref(current + 1)} className="text-blue-800 underline">
              Next →
            </Link>
          ) : (
            <span className="text-gray-700">Next →</span>
          )}
        </nav>
      ) : null}
    </section>
  );
}
