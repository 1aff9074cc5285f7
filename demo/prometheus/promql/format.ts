/**
 * Formats a sample value the way Prometheus's API does (Go's strconv.FormatFloat(v, 'f', -1, 64)):
 * the shortest decimal that reads back as the same number, never in exponent notation.
 * @example formatSampleValue(1e21) // "1000000000000000000000"
 */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Object.is(value, -0)) return '-0';
  const shortest = String(value);
  const exponentMatch = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (exponentMatch === null) return shortest;
  const sign = exponentMatch[1] ?? '';
  const digits = `${exponentMatch[2] ?? ''}${exponentMatch[3] ?? ''}`;
  const exponent = Number(exponentMatch[4]);
  // the decimal point sits after the first digit; move it by the exponent
  const pointPosition = 1 + exponent;
  if (pointPosition <= 0) return `${sign}0.${'0'.repeat(-pointPosition)}${digits}`;
  if (pointPosition >= digits.length) return `${sign}${digits}${'0'.repeat(pointPosition - digits.length)}`;
  return `${sign}${digits.slice(0, pointPosition)}.${digits.slice(pointPosition)}`;
}

/** A timestamp in the API's JSON: seconds since the epoch as a number, with millisecond precision. */
export function toApiTimestamp(timeMs: number): number {
  return timeMs / 1000;
}
