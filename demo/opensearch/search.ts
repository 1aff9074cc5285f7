import type { LogStream, OpenSearchData, OpenSearchIndex } from '../types';
import { resolveDateMath } from './date-math';

/**
 * Searches over log streams instead of stored documents. Every supported query clause except
 * the `@timestamp` range tests fields that are constant per stream, so a query reduces to
 * "these streams, within this time window", and counts follow from each stream's spacing.
 */

/** The part of the query DSL this simulator understands; anything else is a 400. */
export class UnsupportedQueryError extends Error {}

/** Closed time window in epoch milliseconds. */
interface Window {
  from: number;
  to: number;
}

interface CompiledQuery {
  matches(stream: LogStream): boolean;
  window: Window;
}

/** One searchable target: a stream restricted to the time span of the index (or whole alias) it was reached through. */
export interface Target {
  stream: LogStream;
  span: Window;
}

const EVERYTHING: Window = { from: -Infinity, to: Infinity };

export const MAX_RESULT_WINDOW = 10_000;

function isUnbounded(window: Window): boolean {
  return window.from === -Infinity && window.to === Infinity;
}

/** Streams behind the indices/aliases that an index expression (e.g. `kubernetes*,authlog`) names. */
export function resolveTargets(data: OpenSearchData, expression: string): { targets: Target[]; indices: OpenSearchIndex[]; missing?: string } {
  const names = expression === '' || expression === '_all' ? ['*'] : expression.split(',').map((name) => name.trim());
  const spansByAlias = new Map<string, Window[]>();
  const matchedIndices = new Set<OpenSearchIndex>();
  for (const name of names) {
    const pattern = wildcardPattern(name);
    let isMatched = false;
    for (const index of data.indices) {
      const isAliasMatch = pattern.test(index.alias);
      if (!isAliasMatch && !pattern.test(index.name)) continue;
      isMatched = true;
      matchedIndices.add(index);
      const spans = spansByAlias.get(index.alias) ?? [];
      spans.push(isAliasMatch ? EVERYTHING : { from: index.createdMs, to: (index.nextCreatedMs ?? Infinity) - 1 });
      spansByAlias.set(index.alias, spans);
    }
    if (!isMatched && !name.includes('*')) return { targets: [], indices: [], missing: name };
  }
  const targets: Target[] = [];
  for (const stream of data.streams) {
    const spans = spansByAlias.get(stream.alias);
    if (spans === undefined) continue;
    // a whole alias covers every index of it; otherwise keep each named index's span
    const span = spans.some(isUnbounded) ? [EVERYTHING] : spans;
    for (const window of span) targets.push({ stream, span: window });
  }
  return { targets, indices: [...matchedIndices] };
}

function wildcardPattern(name: string): RegExp {
  const escaped = name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

export function compileQuery(query: unknown, nowMs: number): CompiledQuery {
  if (query === undefined) return { matches: () => true, window: EVERYTHING };
  const [type, body] = singleKey(query, 'query');
  switch (type) {
    case 'match_all':
      return { matches: () => true, window: EVERYTHING };
    case 'bool':
      return compileBool(body, nowMs);
    case 'range':
      return { matches: () => true, window: compileRange(body, nowMs) };
    case 'term':
    case 'match':
    case 'match_phrase': {
      const [field, condition] = singleKey(body, type);
      const value = isObject(condition) ? (condition.value ?? condition.query) : condition;
      const expected = String(value);
      const isExact = type === 'term';
      return {
        matches: (stream) => {
          const actual = fieldOf(stream, field);
          return actual !== undefined && (isExact ? actual === expected : actual.toLowerCase() === expected.toLowerCase());
        },
        window: EVERYTHING,
      };
    }
    case 'terms': {
      const [field, values] = singleKey(body, 'terms');
      if (!Array.isArray(values)) throw new UnsupportedQueryError('[terms] query requires an array of values');
      const expected = values.map(String);
      return { matches: (stream) => expected.includes(fieldOf(stream, field) ?? '\u0000'), window: EVERYTHING };
    }
    case 'exists': {
      const field = isObject(body) ? body.field : undefined;
      if (typeof field !== 'string') throw new UnsupportedQueryError('[exists] query requires a field');
      return { matches: (stream) => field === '@timestamp' || fieldOf(stream, field) !== undefined, window: EVERYTHING };
    }
    default:
      throw new UnsupportedQueryError(`unknown query [${type}] (not supported by the demo OpenSearch)`);
  }
}

function compileBool(body: unknown, nowMs: number): CompiledQuery {
  if (!isObject(body)) throw new UnsupportedQueryError('[bool] query malformed');
  const clauses = (name: string): CompiledQuery[] => {
    const value = body[name];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((clause) => compileQuery(clause, nowMs));
  };
  const required = [...clauses('must'), ...clauses('filter')];
  const excluded = clauses('must_not');
  const optional = clauses('should');
  if ([...excluded, ...optional].some((clause) => !isUnbounded(clause.window))) {
    throw new UnsupportedQueryError('a range on @timestamp is only supported in bool.must and bool.filter');
  }
  const minimumShouldMatch = Number(body.minimum_should_match ?? (required.length === 0 && optional.length > 0 ? 1 : 0));
  let window = EVERYTHING;
  for (const clause of required) window = { from: Math.max(window.from, clause.window.from), to: Math.min(window.to, clause.window.to) };
  return {
    matches: (stream) =>
      required.every((clause) => clause.matches(stream)) &&
      !excluded.some((clause) => clause.matches(stream)) &&
      optional.filter((clause) => clause.matches(stream)).length >= minimumShouldMatch,
    window,
  };
}

function compileRange(body: unknown, nowMs: number): Window {
  const [field, bounds] = singleKey(body, 'range');
  if (field !== '@timestamp') throw new UnsupportedQueryError(`range queries are only supported on [@timestamp], not [${field}]`);
  if (!isObject(bounds)) throw new UnsupportedQueryError('[range] query malformed');
  const window = { from: -Infinity, to: Infinity };
  if (bounds.gte !== undefined) window.from = resolveDateMath(bounds.gte, nowMs, false);
  if (bounds.gt !== undefined) window.from = resolveDateMath(bounds.gt, nowMs, true) + 1;
  if (bounds.lte !== undefined) window.to = resolveDateMath(bounds.lte, nowMs, true);
  if (bounds.lt !== undefined) window.to = resolveDateMath(bounds.lt, nowMs, false) - 1;
  return window;
}

/** Documents of a stream inside a window: the first and last document number, and how many. */
export function documentsIn(stream: LogStream, window: Window, nowMs: number): { first: number; last: number; count: number } {
  const lower = Math.max(window.from, stream.firstMs);
  const upper = Math.min(window.to, stream.lastMs ?? Infinity, nowMs);
  if (upper < lower) return { first: 0, last: -1, count: 0 };
  const first = Math.ceil((lower - stream.firstMs) / stream.intervalMs);
  const last = Math.floor((upper - stream.firstMs) / stream.intervalMs);
  return { first, last, count: Math.max(0, last - first + 1) };
}

export function intersect(a: Window, b: Window): Window {
  return { from: Math.max(a.from, b.from), to: Math.min(a.to, b.to) };
}

export interface Bucketable {
  target: Target;
  window: Window;
}

/**
 * Computes an `aggs` object over the matching targets: `terms` on stream fields, `max`/`min` on
 * `@timestamp`, `cardinality` on stream fields, each with sub-aggregations.
 */
export function aggregate(aggs: unknown, items: Bucketable[], nowMs: number): Record<string, unknown> {
  if (!isObject(aggs)) throw new UnsupportedQueryError('[aggs] must be an object');
  const result: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(aggs)) {
    if (!isObject(definition)) throw new UnsupportedQueryError(`aggregation [${name}] malformed`);
    const { aggs: subAggs, aggregations: subAggregations, ...rest } = definition;
    const [type, body] = singleKey(rest, `aggregation [${name}]`);
    const children = subAggs ?? subAggregations;
    switch (type) {
      case 'terms':
        result[name] = termsAggregation(body, items, children, nowMs);
        break;
      case 'max':
      case 'min':
        result[name] = timestampAggregation(type, body, items, nowMs);
        break;
      case 'cardinality': {
        const field = fieldName(body, 'cardinality');
        const values = new Set(items.filter((item) => documentsIn(item.target.stream, item.window, nowMs).count > 0).map((item) => fieldOf(item.target.stream, field)).filter((value) => value !== undefined));
        result[name] = { value: values.size };
        break;
      }
      default:
        throw new UnsupportedQueryError(`Unknown aggregation type [${type}] (not supported by the demo OpenSearch)`);
    }
  }
  return result;
}

function termsAggregation(body: unknown, items: Bucketable[], children: unknown, nowMs: number): Record<string, unknown> {
  const field = fieldName(body, 'terms');
  const size = isObject(body) && typeof body.size === 'number' ? body.size : 10;
  const groups = new Map<string, { count: number; items: Bucketable[] }>();
  for (const item of items) {
    const key = fieldOf(item.target.stream, field);
    if (key === undefined) continue;
    const count = documentsIn(item.target.stream, item.window, nowMs).count;
    if (count === 0) continue;
    const group = groups.get(key) ?? { count: 0, items: [] };
    group.count += count;
    group.items.push(item);
    groups.set(key, group);
  }
  // OpenSearch's default order: most documents first, ties by key
  const sorted = [...groups].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const shown = sorted.slice(0, size);
  const otherCount = sorted.slice(size).reduce((sum, [, group]) => sum + group.count, 0);
  return {
    doc_count_error_upper_bound: 0,
    sum_other_doc_count: otherCount,
    buckets: shown.map(([key, group]) => ({
      key,
      doc_count: group.count,
      ...(children === undefined ? {} : aggregate(children, group.items, nowMs)),
    })),
  };
}

function timestampAggregation(type: 'max' | 'min', body: unknown, items: Bucketable[], nowMs: number): Record<string, unknown> {
  const field = fieldName(body, type);
  if (field !== '@timestamp') throw new UnsupportedQueryError(`[${type}] aggregations are only supported on [@timestamp], not [${field}]`);
  let best: number | undefined;
  for (const item of items) {
    const stream = item.target.stream;
    const documents = documentsIn(stream, item.window, nowMs);
    if (documents.count === 0) continue;
    const time = stream.firstMs + (type === 'max' ? documents.last : documents.first) * stream.intervalMs;
    if (best === undefined || (type === 'max' ? time > best : time < best)) best = time;
  }
  return best === undefined ? { value: null } : { value: best, value_as_string: new Date(best).toISOString() };
}

/**
 * The newest documents across targets, newest first (the demo's order when no sort is given too),
 * skipping `from` of them. Walks the streams backwards without materialising more than it returns.
 */
export function newestDocuments(items: Bucketable[], from: number, size: number, nowMs: number, indexName: (stream: LogStream, timeMs: number) => string): Array<Record<string, unknown>> {
  const cursors = items
    .map((item) => ({ item, documents: documentsIn(item.target.stream, item.window, nowMs) }))
    .filter((cursor) => cursor.documents.count > 0)
    .map((cursor) => ({ stream: cursor.item.target.stream, next: cursor.documents.last, first: cursor.documents.first }));
  const hits: Array<Record<string, unknown>> = [];
  let skipped = 0;
  while (hits.length < size) {
    let best: (typeof cursors)[number] | undefined;
    let bestTime = -Infinity;
    for (const cursor of cursors) {
      if (cursor.next < cursor.first) continue;
      const time = cursor.stream.firstMs + cursor.next * cursor.stream.intervalMs;
      if (time > bestTime) {
        best = cursor;
        bestTime = time;
      }
    }
    if (best === undefined) break;
    const documentNumber = best.next;
    best.next -= 1;
    if (skipped < from) {
      skipped += 1;
      continue;
    }
    hits.push({
      _index: indexName(best.stream, bestTime),
      _id: documentId(best.stream, documentNumber),
      _score: null,
      _source: best.stream.document(documentNumber, bestTime),
      sort: [bestTime],
    });
  }
  return hits;
}

function documentId(stream: LogStream, documentNumber: number): string {
  const key = `${stream.alias}:${Object.values(stream.fields).join(':')}:${documentNumber}`;
  return Buffer.from(key).toString('base64url').slice(-20);
}

/** Stream field lookup; `x.keyword` sub-fields read the same value. */
function fieldOf(stream: LogStream, field: string): string | undefined {
  return stream.fields[field] ?? stream.fields[field.replace(/\.keyword$/, '')];
}

function fieldName(body: unknown, context: string): string {
  const field = isObject(body) ? body.field : undefined;
  if (typeof field !== 'string') throw new UnsupportedQueryError(`[${context}] requires a field`);
  return field;
}

function singleKey(value: unknown, context: string): [string, unknown] {
  if (!isObject(value)) throw new UnsupportedQueryError(`[${context}] malformed, expected an object`);
  const entries = Object.entries(value);
  if (entries.length !== 1) throw new UnsupportedQueryError(`[${context}] malformed, expected exactly one key`);
  return entries[0] as [string, unknown];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
