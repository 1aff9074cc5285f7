const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** A Prometheus duration such as `5m` or `1h30m`, at the start of `text`. */
export const DURATION_PATTERN = /^(?:\d+(?:ms|s|m|h|d|w|y))+/;

/**
 * Parses a Prometheus duration into milliseconds; undefined when it is not one.
 * Units must appear from largest to smallest, each at most once, like Prometheus requires.
 * @example parsePromDuration('1h30m') // 5_400_000
 */
export function parsePromDuration(text: string): number | undefined {
  if (text === '' || DURATION_PATTERN.exec(text)?.[0] !== text) return undefined;
  const order = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  let lastUnitIndex = -1;
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    const unit = match[2] ?? '';
    const unitIndex = order.indexOf(unit);
    if (unitIndex <= lastUnitIndex) return undefined;
    lastUnitIndex = unitIndex;
    total += Number(match[1]) * (UNIT_MS[unit] ?? 0);
  }
  return total;
}
