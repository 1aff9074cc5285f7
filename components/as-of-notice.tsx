import { UtcTime } from './utc-time';

/**
 * Says plainly that the page shows the past. With one snapshot on the page it names it; null means
 * none had been taken yet; undefined (several clusters) says each shows its own.
 */
export function AsOfNotice({ at, snapshotTakenAt }: { at: string; snapshotTakenAt?: string | null }) {
  return (
    <p role="status" className="rounded border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-950">
      <strong>
        As of <UtcTime iso={at} />
      </strong>
      {snapshotTakenAt === undefined ? (
        ' — each cluster shows the snapshot that was current then.'
      ) : snapshotTakenAt === null ? (
        ' — no snapshot had been taken yet.'
      ) : (
        <>
          {' '}
          — the snapshot current then was taken <UtcTime iso={snapshotTakenAt} />.
        </>
      )}{' '}
      Attestations and waivers are shown as they stood at that time.
    </p>
  );
}
