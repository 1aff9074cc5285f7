import { createHash } from 'node:crypto';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A value that JSON cannot hold as itself (NaN, ±Infinity, undefined, a function…): never hashed as `null`. */
export class NonCanonicalJsonError extends Error {
  constructor(path: string, what: string) {
    super(`cannot hash ${what} at ${path}: JSON has no such value`);
    this.name = 'NonCanonicalJsonError';
  }
}

/**
 * JSON with object keys sorted at every level and no whitespace, so equal content always hashes
 * equally. An object member that is undefined is absent, as in JSON.stringify; anything else JSON
 * cannot represent — NaN, ±Infinity, undefined in an array or at the top, a function, a bigint —
 * throws NonCanonicalJsonError instead of silently becoming `null` (which would make `NaN` and
 * `null` evidence hash the same).
 * @example canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }) // '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NonCanonicalJsonError(path, String(value));
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') throw new NonCanonicalJsonError(path, typeof value);
  if (Array.isArray(value)) return `[${value.map((item, index) => canonicalJson(item, `${path}[${index}]`)).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item, `${path}.${key}`)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
