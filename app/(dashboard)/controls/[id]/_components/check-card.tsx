import { StatusChip } from '@/components/status-chip';
import { UtcTime } from '@/components/utc-time';
import type { ControlDetail } from '@/lib/data/control-detail';
import { missingLinkReason, sourceLinkFor, type SourceUiBases } from '@/lib/source-links';

type Check = ControlDetail['checks'][number];

/** One check: its verdict, the exact query or endpoint, a link into the source's UI, and its raw evidence. */
export function CheckCard({ check, uiBases }: { check: Check; uiBases: SourceUiBases }) {
  const link = sourceLinkFor(uiBases, check);
  const noLinkReason = link ? null : missingLinkReason(check.source);
  return (
    <div className="rounded border border-gray-200 bg-white p-4" data-check-id={check.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">
          {check.id} <span className="text-sm font-normal text-gray-700">({check.source})</span>
        </h3>
        <StatusChip status={check.status} />
      </div>
      <p className="mt-1 text-sm">{check.summary}</p>
      {check.sourceError ? (
        <p role="alert" className="mt-2 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          <strong>{check.sourceError.source || check.source}</strong> could not be read ({check.sourceError.kind}){check.sourceError.message ? `: ${check.sourceError.message}` : ''}. The
          check is “unknown” until it can.
        </p>
      ) : null}
      <p className="mt-1 text-sm text-gray-700">Rule: {check.rule}</p>
      <h4 className="mt-3 text-sm font-semibold">Query</h4>
      <pre className="mt-1 overflow-x-auto rounded bg-gray-900 p-2 text-xs text-gray-50">
        <code>{check.query}</code>
      </pre>
      <p className="mt-1 text-sm">
        {link ? (
          <a href={link.href} target="_blank" rel="noreferrer noopener" className="text-blue-800 underline">
            {link.label}
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        ) : noLinkReason ? (
          <span className="text-gray-700">{noLinkReason}</span>
        ) : null}
      </p>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-blue-800">Evidence excerpt (as stored)</summary>
        <pre className="mt-1 max-h-80 overflow-auto rounded bg-gray-100 p-2 text-xs">{JSON.stringify(check.excerpt, null, 2)}</pre>
      </details>
      <p className="mt-2 text-xs break-all text-gray-700">
        Observed <UtcTime iso={check.observedAt} /> · sha256 <span className="font-mono">{check.sha256}</span>
      </p>
    </div>
  );
}
