import { formatUtc } from './format-time';

/** A machine-readable time shown in UTC to the minute. */
export function UtcTime({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatUtc(iso)}</time>;
}
