/**
 * Times as Refmap shows them: always UTC, to the minute, so that the server and the browser render
 * the same text and people in different places quote the same time.
 * @example formatUtc('2026-11-29T19:33:12.345Z') // '2026-11-29 19:33 UTC'
 */
export function formatUtc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The date part only. @example formatUtcDate('2026-11-29T19:33:12Z') // '2026-11-29' */
export function formatUtcDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/**
 * A duration in the two largest units that matter.
 * @example formatDuration(93_780) // '1 d 2 h'
 * @example formatDuration(125) // '2 min'
 */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
