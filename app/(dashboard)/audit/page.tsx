import Link from 'next/link';
import { getAppDatabase } from '@/lib/app-context';
import { AUDIT_ACTIONS, listAuditEvents } from '@/lib/audit';
import { auditQuerySchema, type AuditQuery } from '@/lib/audit/audit-query';
import { requirePageUser } from '@/lib/auth/page-session';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

/** The query string of the current filters, with another page number. */
function pageHref(query: AuditQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.from) params.set('from', query.from.toISOString());
  if (query.to) params.set('to', query.to.toISOString());
  if (query.actor) params.set('actor', query.actor);
  if (query.action) params.set('action', query.action);
  params.set('page', String(page));
  return `/audit?${params.toString()}`;
}

function firstValues(searchParams: SearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(searchParams)) {
    const first = Array.isArray(value) ? value[0] : value;
    // an empty form field means "no filter"
    if (first !== undefined && first !== '') values[key] = first;
  }
  return values;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = firstValues(await searchParams);
  const { isAllowed } = await requirePageUser('audit.read', '/audit');
  if (!isAllowed) {
    return <p role="alert" className="rounded bg-red-50 p-4 text-red-900">The audit trail is for auditors and administrators.</p>;
  }
  const parsed = auditQuerySchema.safeParse(raw);
  if (!parsed.success) {
    return <p role="alert" className="rounded bg-red-50 p-4 text-red-900">Invalid filter {parsed.error.issues[0]?.path.join('.')}: {parsed.error.issues[0]?.message}</p>;
  }
  const query = parsed.data;
  const result = await listAuditEvents(await getAppDatabase(), query);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Audit trail</h1>
      <p className="text-sm text-gray-700">Sign-ins, downloads, attestations, waivers and collections, newest first. Times are UTC.</p>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded border border-gray-200 bg-white p-3 text-sm">
        <label className="flex flex-col">
          From (ISO 8601)
          <input name="from" defaultValue={raw.from ?? ''} placeholder="2026-12-01T00:00:00Z" className="rounded border border-gray-300 p-1" />
        </label>
        <label className="flex flex-col">
          To
          <input name="to" defaultValue={raw.to ?? ''} placeholder="2026-12-31T23:59:59Z" className="rounded border border-gray-300 p-1" />
        </label>
        <label className="flex flex-col">
          Actor
          <input name="actor" defaultValue={raw.actor ?? ''} className="rounded border border-gray-300 p-1" />
        </label>
        <label className="flex flex-col">
          Action
          <select name="action" defaultValue={raw.action ?? ''} className="rounded border border-gray-300 p-1">
            <option value="">any</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-blue-800 px-3 py-1 text-white">
          Filter
        </button>
      </form>
      {/* on a phone the table scrolls in its own box, not the page */}
      <div className="overflow-x-auto rounded border border-gray-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit events</caption>
          <thead className="bg-gray-50 text-gray-700">
            <tr>
              <th scope="col" className="px-3 py-2">When</th>
              <th scope="col" className="px-3 py-2">Who</th>
              <th scope="col" className="px-3 py-2">Roles</th>
              <th scope="col" className="px-3 py-2">Action</th>
              <th scope="col" className="px-3 py-2">Target</th>
              <th scope="col" className="px-3 py-2">Outcome</th>
              <th scope="col" className="px-3 py-2">From</th>
            </tr>
          </thead>
          <tbody>
            {result.events.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-4 italic text-gray-600">
                  No event matches these filters.
                </td>
              </tr>
            ) : null}
            {result.events.map((event) => (
              <tr key={event.id} className="border-t border-gray-100 align-top">
                <td className="px-3 py-2 font-mono text-xs">
                  <time dateTime={event.occurredAt}>{event.occurredAt.replace('T', ' ').replace('Z', '')}</time>
                </td>
                <td className="px-3 py-2">
                  {event.actorName ?? event.actor}
                  {event.actorName ? <div className="text-xs text-gray-600">{event.actor}</div> : null}
                </td>
                <td className="px-3 py-2">{event.roles.join(', ')}</td>
                <td className="px-3 py-2">{event.action}</td>
                <td className="px-3 py-2 font-mono text-xs">{event.target ?? ''}</td>
                <td className="px-3 py-2">{event.outcome}</td>
                <td className="px-3 py-2 text-xs">
                  {event.ip ?? 'unknown'}
                  <div className="text-gray-600">{event.userAgent ?? ''}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
        {result.page > 1 ? <Link href={pageHref(query, result.page - 1)} className="text-blue-800 underline">Newer</Link> : null}
        <span>
          Page {result.page} of {result.pageCount} · {result.total} events
        </span>
        {result.page < result.pageCount ? <Link href={pageHref(query, result.page + 1)} className="text-blue-800 underline">Older</Link> : null}
      </nav>
    </div>
  );
}
