/**
 * OpenSearch date math for range queries on `@timestamp`: `now`, `now-1h`, `now-30d/d`,
 * `2026-01-01T00:00:00Z||-1d`, ISO dates and epoch milliseconds.
 * Rounding (`/d`) goes down for `gte`/`lt` and up to the last millisecond of the unit for
 * `gt`/`lte`, as OpenSearch does.
 */

const FIXED_UNIT_MS: Record<string, number> = {
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  H: 3_600_000,
  m: 60_000,
  s: 1000,
};

export class DateMathError extends Error {}

export function resolveDateMath(value: unknown, nowMs: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') throw new DateMathError(`failed to parse date field [${String(value)}]`);
  let anchorText: string;
  let mathText: string;
  if (value.startsWith('now')) {
    anchorText = 'now';
    mathText = value.slice(3);
  } else {
    const separator = value.indexOf('||');
    anchorText = separator === -1 ? value : value.slice(0, separator);
    mathText = separator === -1 ? '' : value.slice(separator + 2);
  }
  let timeMs = anchorText === 'now' ? nowMs : parseAnchor(anchorText);
  let rest = mathText;
  while (rest !== '') {
    const step = /^([+-])(\d+)([yMwdhHms])/.exec(rest);
    if (step !== null) {
      const amount = Number(step[2]) * (step[1] === '-' ? -1 : 1);
      timeMs = addUnit(timeMs, amount, step[3] ?? 'd');
      rest = rest.slice(step[0].length);
      continue;
    }
    const rounding = /^\/([yMwdhHms])/.exec(rest);
    if (rounding !== null) {
      timeMs = roundTo(timeMs, rounding[1] ?? 'd', roundUp);
      rest = rest.slice(rounding[0].length);
      continue;
    }
    throw new DateMathError(`failed to parse date field [${value}]: operator not supported for date math [${rest}]`);
  }
  return timeMs;
}

function parseAnchor(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw new DateMathError(`failed to parse date field [${text}] with format [strict_date_optional_time||epoch_millis]`);
  return parsed;
}

function addUnit(timeMs: number, amount: number, unit: string): number {
  const fixed = FIXED_UNIT_MS[unit];
  if (fixed !== undefined) return timeMs + amount * fixed;
  // calendar units clamp the day to the target month's length (Dec 31 - 1M = Nov 30), as Java time does
  const date = new Date(timeMs);
  const months = unit === 'M' ? amount : amount * 12;
  const targetMonth = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  date.setUTCMonth(targetMonth);
  return date.getTime();
}

function roundTo(timeMs: number, unit: string, roundUp: boolean): number {
  let start: number;
  const fixed = FIXED_UNIT_MS[unit];
  if (unit === 'w') {
    // weeks start on Monday; the epoch was a Thursday
    const mondayOffset = 3 * 86_400_000;
    start = Math.floor((timeMs + mondayOffset) / 604_800_000) * 604_800_000 - mondayOffset;
  } else if (fixed !== undefined) {
    start = Math.floor(timeMs / fixed) * fixed;
  } else {
    const date = new Date(timeMs);
    start = unit === 'M' ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) : Date.UTC(date.getUTCFullYear(), 0, 1);
  }
  return roundUp ? addUnit(start, 1, unit) - 1 : start;
}
