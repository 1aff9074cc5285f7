import Link from 'next/link';
import { formatUtc, formatUtcDate } from '@/components/format-time';
import { STATUS_STYLES } from '@/components/status-chip';
import type { ControlDetail } from '@/lib/data/control-detail';

/**
 * The control's status in its recent snapshots, oldest first, as a compact strip: one square per
 * snapshot (icon and colour), each a link to the drilldown as of that snapshot.
 */
export function StatusStrip({ history, hrefAt }: { history: ControlDetail['history']; hrefAt: (takenAt: string) => string }) {
  const oldestFirst = [...history].reverse();
  const first = oldestFirst[0];
  const last = oldestFirst.at(-1);
  if (!first || !last) return <p className="text-sm text-gray-700">No history yet.</p>;
  return (
    <div>
      <ol aria-label={`Status in the last ${oldestFirst.length} snapshots, oldest first`} className="flex flex-wrap gap-1">
        {oldestFirst.map((entry) => (
          <li key={entry.snapshotId}>
            <Link
              href={hrefAt(entry.takenAt)}
              title={`${formatUtc(entry.takenAt)}: ${entry.status}`}
              className={`flex h-7 w-7 items-center justify-center rounded text-sm font-bold ${STATUS_STYLES[entry.status].className}`}
            >
              <span aria-hidden="true">{STATUS_STYLES[entry.status].icon}</span>
              <span className="sr-only">
                {formatUtc(entry.takenAt)}: {entry.status}
              </span>
            </Link>
          </li>
        ))}
      </ol>
      <p className="mt-1 flex justify-between text-xs text-gray-700">
        <span>{formatUtcDate(first.takenAt)}</span>
        <span>{formatUtcDate(last.takenAt)}</span>
      </p>
    </div>
  );
}
