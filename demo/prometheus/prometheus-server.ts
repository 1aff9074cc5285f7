import { type ApiBehaviour, type ApiRequest, type ApiResponse, hasBearerToken, jsonResponse, textResponse } from '../http/simulated-api';
import type { DemoDataset } from '../types';
import { typeOf } from './promql/ast';
import { parsePromDuration } from './promql/duration';
import { PromqlExecutionError, PromqlParseError } from './promql/errors';
import { type InstantValue, type RangeSeries, type Sample, evaluateInstant, evaluateRange } from './promql/evaluator';
import { formatSampleValue, toApiTimestamp } from './promql/format';
import { sortedLabels } from './promql/labels';
import { parsePromql } from './promql/parser';
import { createSeriesStore } from './series-store';

/**
 * The Prometheus HTTP API (v1) over the dataset's series: instant and range queries in the
 * supported PromQL subset, and build info. Answers and errors have Prometheus's own JSON shapes.
 */

/** Prometheus refuses range queries with more points than this per series. */
const MAX_POINTS_PER_SERIES = 11_000;

export function createPrometheusBehaviour(dataset: DemoDataset, token: string, clock: () => number): ApiBehaviour {
  const store = createSeriesStore(dataset.prometheus, clock);
  return {
    source: 'prometheus',
    isAuthorized: (request) => hasBearerToken(request, token),
    unauthorized: () => textResponse(401, 'Unauthorized\n', { 'www-authenticate': 'Bearer realm="prometheus"' }),
    serverError: () => jsonResponse(500, { status: 'error', errorType: 'internal', error: 'internal server error' }),
    handle(request) {
      const path = request.rawPath;
      if (path === '/-/healthy') return textResponse(200, 'Prometheus Server is Healthy.\n');
      if (path === '/-/ready') return textResponse(200, 'Prometheus Server is Ready.\n');
      if (path === '/api/v1/status/buildinfo') {
        return request.method === 'GET' ? jsonResponse(200, { status: 'success', data: dataset.prometheus.buildInfo }) : methodNotAllowed();
      }
      if (path !== '/api/v1/query' && path !== '/api/v1/query_range') return textResponse(404, '404 page not found\n');
      if (request.method !== 'GET' && request.method !== 'POST') return methodNotAllowed();
      const params = formParams(request);
      try {
        return path === '/api/v1/query' ? instantQuery(params, store, clock, request.isEmpty) : rangeQuery(params, store, request.isEmpty);
      } catch (error) {
        return errorAnswer(error);
      }
    },
  };
}

type Store = ReturnType<typeof createSeriesStore>;

class BadDataError extends Error {}

function instantQuery(params: URLSearchParams, store: Store, clock: () => number, isEmpty: boolean): ApiResponse {
  const expr = parseQueryParam(params);
  const timeText = params.get('time');
  const timeMs = timeText === null || timeText === '' ? clock() : parseTimeParam('time', timeText);
  const value = evaluateInstant(expr, timeMs, store);
  return jsonResponse(200, { status: 'success', data: formatInstant(value, timeMs, isEmpty) });
}

function rangeQuery(params: URLSearchParams, store: Store, isEmpty: boolean): ApiResponse {
  const startMs = parseTimeParam('start', params.get('start') ?? '');
  const endMs = parseTimeParam('end', params.get('end') ?? '');
  if (endMs < startMs) throw new BadDataError('end timestamp must not be before start time');
  const stepMs = parseDurationParam('step', params.get('step') ?? '');
  if (stepMs <= 0) throw new BadDataError('zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((endMs - startMs) / stepMs > MAX_POINTS_PER_SERIES) {
    throw new BadDataError('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  }
  const expr = parseQueryParam(params);
  if (typeOf(expr) === 'matrix') throw new BadDataError('invalid expression type "range vector" for range query, must be Scalar or instant Vector');
  const series = evaluateRange(expr, startMs, endMs, stepMs, store);
  return jsonResponse(200, { status: 'success', data: { resultType: 'matrix', result: isEmpty ? [] : series.map(formatRangeSeries) } });
}

/** Query-string parameters merged with a form-encoded body; like Go's FormValue, the body wins. */
function formParams(request: ApiRequest): URLSearchParams {
  const params = new URLSearchParams(request.url.search);
  const contentType = request.headers['content-type'] ?? '';
  if (request.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(request.body)) params.set(name, value);
  }
  return params;
}

function parseQueryParam(params: URLSearchParams) {
  try {
    return parsePromql(params.get('query') ?? '');
  } catch (error) {
    if (error instanceof PromqlParseError) throw new BadDataError(`invalid parameter "query": ${error.message}`);
    throw error;
  }
}

/** Unix seconds (with fractions) or RFC 3339, like Prometheus's parseTime; milliseconds precision. */
function parseTimeParam(name: string, text: string): number {
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    const seconds = Number(text);
    const whole = Math.floor(seconds);
    return whole * 1000 + Math.round((seconds - whole) * 1000);
  }
  const parsed = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(parsed)) throw new BadDataError(`invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
  return parsed;
}

function parseDurationParam(name: string, text: string): number {
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = parsePromDuration(text);
  if (ms === undefined) throw new BadDataError(`invalid parameter "${name}": cannot parse "${text}" to a valid duration`);
  return ms;
}

function formatInstant(value: InstantValue, timeMs: number, isEmpty: boolean): Record<string, unknown> {
  const timestamp = toApiTimestamp(timeMs);
  switch (value.type) {
    case 'scalar':
      return { resultType: 'scalar', result: [timestamp, formatSampleValue(value.value)] };
    case 'vector':
      return {
        resultType: 'vector',
        result: isEmpty ? [] : value.samples.map((sample: Sample) => ({ metric: sortedLabels(sample.labels), value: [timestamp, formatSampleValue(sample.value)] })),
      };
    case 'matrix':
      return { resultType: 'matrix', result: isEmpty ? [] : value.series.map(formatRangeSeries) };
  }
}

function formatRangeSeries(series: RangeSeries): Record<string, unknown> {
  return {
    metric: sortedLabels(series.labels),
    values: series.points.map((point) => [toApiTimestamp(point.t), formatSampleValue(point.v)]),
  };
}

function errorAnswer(error: unknown): ApiResponse {
  if (error instanceof BadDataError) return jsonResponse(400, { status: 'error', errorType: 'bad_data', error: error.message });
  if (error instanceof PromqlExecutionError) return jsonResponse(422, { status: 'error', errorType: 'execution', error: error.message });
  throw error;
}

function methodNotAllowed(): ApiResponse {
  return textResponse(405, 'Method Not Allowed\n');
}
