import { type ApiBehaviour, type ApiRequest, type ApiResponse, hasBasicAuth, jsonResponse, textResponse } from '../http/simulated-api';
import type { DemoDataset, LogStream, OpenSearchData, OpenSearchIndex } from '../types';
import { DateMathError } from './date-math';
import {
  type Bucketable,
  MAX_RESULT_WINDOW,
  UnsupportedQueryError,
  aggregate,
  compileQuery,
  documentsIn,
  intersect,
  isObject,
  newestDocuments,
  resolveTargets,
} from './search';

/**
 * The OpenSearch REST API parts Refmap reads: root info, cluster health, `_cat/aliases`,
 * `_cat/indices`, ISM policies, `_search` (size, from, query, aggregations) and `_count`.
 * Document counts are computed from the dataset's log streams, never stored.
 */

export function createOpenSearchBehaviour(dataset: DemoDataset, username: string, password: string, clock: () => number): ApiBehaviour {
  return {
    source: 'opensearch',
    isAuthorized: (request) => hasBasicAuth(request, username, password),
    // the security plugin's answer to missing or wrong credentials
    unauthorized: () => textResponse(401, 'Unauthorized', { 'www-authenticate': 'Basic realm="OpenSearch Security"' }),
    serverError: () => openSearchError(500, 'exception', 'internal error'),
    handle: (request) => {
      try {
        return handleOpenSearch(dataset.opensearch, request, clock());
      } catch (error) {
        if (error instanceof UnsupportedQueryError || error instanceof DateMathError) return openSearchError(400, 'parsing_exception', error.message);
        if (error instanceof SyntaxError) return openSearchError(400, 'json_parse_exception', error.message);
        throw error;
      }
    },
  };
}

function openSearchError(status: number, type: string, reason: string, extra: Record<string, unknown> = {}): ApiResponse {
  const cause = { type, reason, ...extra };
  return jsonResponse(status, { error: { root_cause: [cause], ...cause }, status });
}

function handleOpenSearch(fullData: OpenSearchData, request: ApiRequest, nowMs: number): ApiResponse {
  const data = request.isEmpty ? { ...fullData, indices: [], policies: [], streams: [] } : fullData;
  const segments = request.rawPath.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
  const method = request.method;
  const [first, second, third, fourth] = segments;
  if (segments.length === 0 && (method === 'GET' || method === 'HEAD')) return jsonResponse(200, data.info);
  if (first === '_cluster' && second === 'health' && method === 'GET') return jsonResponse(200, data.health);
  if (first === '_cat' && method === 'GET') {
    if (second === 'aliases') return catAliases(data, request, third);
    if (second === 'indices') return catIndices(data, request, third, nowMs);
  }
  if (first === '_plugins' && second === '_ism' && third === 'policies' && method === 'GET') return ismPolicies(data, fourth);
  if (segments.length <= 2 && (method === 'GET' || method === 'POST')) {
    const isSearch = segments[segments.length - 1] === '_search';
    const isCount = segments[segments.length - 1] === '_count';
    if (isSearch || isCount) {
      const expression = segments.length === 2 ? (first ?? '') : '_all';
      const body: unknown = request.body.trim() === '' ? {} : JSON.parse(request.body);
      return isSearch ? search(data, expression, body, request, nowMs) : count(data, expression, body, nowMs);
    }
  }
  return jsonResponse(400, { error: `no handler found for uri [${request.rawPath}] and method [${method}]` });
}

// ---------- _cat ----------

/** `_cat` answers: JSON arrays of strings with `format=json`, else a plain-text table. */
function catAnswer(request: ApiRequest, rows: Array<Record<string, string>>, defaultColumns: string[]): ApiResponse {
  const params = request.url.searchParams;
  const columns = params.get('h')?.split(',').map((column) => column.trim()) ?? defaultColumns;
  const sortSpec = params.get('s');
  if (sortSpec !== null) {
    const [column, direction] = sortSpec.split(':');
    rows.sort((a, b) => {
      const order = (a[column ?? ''] ?? '').localeCompare(b[column ?? ''] ?? '', 'en', { numeric: true });
      return direction === 'desc' ? -order : order;
    });
  }
  const projected = rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? ''])));
  if (params.get('format') === 'json') return jsonResponse(200, projected);
  const lines = projected.map((row) => columns.map((column) => row[column]).join(' '));
  if (params.has('v')) lines.unshift(columns.join(' '));
  return textResponse(200, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
}

function catAliases(data: OpenSearchData, request: ApiRequest, aliasPattern: string | undefined): ApiResponse {
  const pattern = aliasPattern === undefined ? undefined : new RegExp(`^${aliasPattern.replaceAll('*', '.*')}$`);
  const rows = data.indices
    .filter((index) => pattern === undefined || pattern.test(index.alias))
    .map((index) => ({
      alias: index.alias,
      index: index.name,
      filter: '-',
      'routing.index': '-',
      'routing.search': '-',
      is_write_index: index.isWriteIndex ? 'true' : 'false',
    }));
  return catAnswer(request, rows, ['alias', 'index', 'filter', 'routing.index', 'routing.search', 'is_write_index']);
}

function catIndices(data: OpenSearchData, request: ApiRequest, indexPattern: string | undefined, nowMs: number): ApiResponse {
  const pattern = indexPattern === undefined ? undefined : new RegExp(`^${indexPattern.replaceAll('*', '.*')}$`);
  const rows = data.indices
    .filter((index) => pattern === undefined || pattern.test(index.name) || pattern.test(index.alias))
    .map((index) => {
      const documents = documentsInIndex(data, index, nowMs);
      // about 600 bytes per log document, replicas counted in store.size
      const primaryBytes = documents * 600;
      return {
        health: index.health,
        status: 'open',
        index: index.name,
        uuid: index.uuid,
        pri: String(index.primaries),
        rep: String(index.replicas),
        'docs.count': String(documents),
        'docs.deleted': '0',
        'store.size': formatBytes(index.health === 'green' ? primaryBytes * (1 + index.replicas) : primaryBytes),
        'pri.store.size': formatBytes(primaryBytes),
        'creation.date': String(index.createdMs),
        'creation.date.string': new Date(index.createdMs).toISOString(),
      };
    });
  return catAnswer(request, rows, ['health', 'status', 'index', 'uuid', 'pri', 'rep', 'docs.count', 'docs.deleted', 'store.size', 'pri.store.size']);
}

function documentsInIndex(data: OpenSearchData, index: OpenSearchIndex, nowMs: number): number {
  const span = { from: index.createdMs, to: (index.nextCreatedMs ?? Infinity) - 1 };
  let total = 0;
  for (const stream of data.streams) {
    if (stream.alias === index.alias) total += documentsIn(stream, span, nowMs).count;
  }
  return total;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)}gb`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)}mb`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)}kb`;
  return `${bytes}b`;
}

// ---------- ISM ----------

function ismPolicies(data: OpenSearchData, policyId: string | undefined): ApiResponse {
  if (policyId === undefined) return jsonResponse(200, { policies: data.policies, total_policies: data.policies.length });
  const policy = data.policies.find((candidate) => candidate._id === policyId);
  if (policy === undefined) return openSearchError(404, 'status_exception', 'Policy not found');
  return jsonResponse(200, { _version: 1, ...policy });
}

// ---------- _search and _count ----------

function search(data: OpenSearchData, expression: string, body: unknown, request: ApiRequest, nowMs: number): ApiResponse {
  if (!isObject(body)) throw new UnsupportedQueryError('request body must be an object');
  const resolved = resolveTargets(data, expression);
  if (resolved.missing !== undefined) return indexNotFound(resolved.missing);
  if (request.url.searchParams.has('q')) throw new UnsupportedQueryError('the [q] parameter (query string search) is not supported by the demo OpenSearch');
  assertNewestFirstSort(body.sort);
  const query = compileQuery(body.query, nowMs);
  const items: Bucketable[] = resolved.targets
    .filter((target) => query.matches(target.stream))
    .map((target) => ({ target, window: intersect(query.window, target.span) }));
  const params = request.url.searchParams;
  const size = numberOption(body.size ?? params.get('size'), 10);
  const from = numberOption(body.from ?? params.get('from'), 0);
  if (from + size > MAX_RESULT_WINDOW) {
    throw new UnsupportedQueryError(`Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${from + size}].`);
  }
  const total = items.reduce((sum, item) => sum + documentsIn(item.target.stream, item.window, nowMs).count, 0);
  const hits: Record<string, unknown> = {};
  const totalAnswer = totalHits(total, body.track_total_hits, params.get('rest_total_hits_as_int') === 'true');
  if (totalAnswer !== undefined) hits.total = totalAnswer;
  hits.max_score = null;
  hits.hits = size === 0 ? [] : newestDocuments(items, from, size, nowMs, (stream, timeMs) => indexNameFor(data, stream, timeMs));
  const shards = resolved.indices.length;
  const answer: Record<string, unknown> = {
    took: 3,
    timed_out: false,
    _shards: { total: shards, successful: shards, skipped: 0, failed: 0 },
    hits,
  };
  const aggs = body.aggs ?? body.aggregations;
  if (aggs !== undefined) answer.aggregations = aggregate(aggs, items, nowMs);
  return jsonResponse(200, answer);
}

/** Hits always come newest first; a request for another order gets a 400 rather than a wrong order. */
function assertNewestFirstSort(sort: unknown): void {
  if (sort === undefined) return;
  const clauses = Array.isArray(sort) ? sort : [sort];
  const isNewestFirst = clauses.length === 1 && (clauses[0] === '@timestamp:desc' || (isObject(clauses[0]) && isDescendingTimestamp(clauses[0]['@timestamp'])));
  if (!isNewestFirst) throw new UnsupportedQueryError('only sorting by [@timestamp] descending is supported by the demo OpenSearch');
}

function isDescendingTimestamp(order: unknown): boolean {
  return order === 'desc' || (isObject(order) && order.order === 'desc');
}

function count(data: OpenSearchData, expression: string, body: unknown, nowMs: number): ApiResponse {
  if (!isObject(body)) throw new UnsupportedQueryError('request body must be an object');
  const resolved = resolveTargets(data, expression);
  if (resolved.missing !== undefined) return indexNotFound(resolved.missing);
  const query = compileQuery(body.query, nowMs);
  let total = 0;
  for (const target of resolved.targets) {
    if (query.matches(target.stream)) total += documentsIn(target.stream, intersect(query.window, target.span), nowMs).count;
  }
  const shards = resolved.indices.length;
  return jsonResponse(200, { count: total, _shards: { total: shards, successful: shards, skipped: 0, failed: 0 } });
}

/** hits.total as OpenSearch reports it: exact up to 10,000 unless track_total_hits says otherwise. */
function totalHits(total: number, trackTotalHits: unknown, asInteger: boolean): number | { value: number; relation: string } | undefined {
  if (trackTotalHits === false) return undefined;
  const limit = trackTotalHits === true ? Infinity : typeof trackTotalHits === 'number' ? trackTotalHits : MAX_RESULT_WINDOW;
  const value = Math.min(total, limit);
  if (asInteger) return value;
  return { value, relation: total > limit ? 'gte' : 'eq' };
}

function numberOption(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UnsupportedQueryError(`[size] and [from] must be non-negative integers, got [${String(value)}]`);
  return number;
}

/** The index of the alias that held `timeMs` when the document was written. */
function indexNameFor(data: OpenSearchData, stream: LogStream, timeMs: number): string {
  let name = `${stream.alias}`;
  for (const index of data.indices) {
    if (index.alias === stream.alias && index.createdMs <= timeMs) name = index.name;
  }
  return name;
}

function indexNotFound(name: string): ApiResponse {
  return openSearchError(404, 'index_not_found_exception', `no such index [${name}]`, {
    index: name,
    'resource.type': 'index_or_alias',
    'resource.id': name,
    index_uuid: '_na_',
  });
}

