import 'server-only';
import type { SourceConnection } from '@/lib/sources/connection';
import { createLimiter, DEFAULT_CONCURRENCY } from '@/lib/sources/http/limiter';
import { requestJson } from '@/lib/sources/http/request-json';
import { SourceError } from '@/lib/sources/source-error';
import { queryResponseSchema, type QueryResponse } from './schemas';

/** One series of an instant vector, normalised: labels and a number. */
export interface PromSample {
  labels: Record<string, string>;
  value: number;
}

export interface InstantQueryResult {
  samples: PromSample[];
  warnings: string[];
  /** evaluation time used */
  evaluatedAt: Date;
}

/** One series of a range query: labels and its points in time order. */
export interface PromSeries {
  labels: Record<string, string>;
  /** `time` in Unix seconds, as Prometheus reports it */
  points: { time: number; value: number }[];
}

export interface RangeQueryResult {
  series: PromSeries[];
  warnings: string[];
  start: Date;
  end: Date;
  stepSeconds: number;
}

export interface PrometheusClient {
  /** Runs an instant query that must return a vector (a scalar becomes one sample without labels). */
  instantQuery(query: string, at?: Date): Promise<InstantQueryResult>;
  /** Runs a range query (`/api/v1/query_range`); its answer must be a matrix. */
  rangeQuery(query: string, range: { start: Date; end: Date; stepSeconds: number }): Promise<RangeQueryResult>;
}

const INSTANT_PATH = '/api/v1/query';
const RANGE_PATH = '/api/v1/query_range';

function toUnixSeconds(date: Date): string {
  return (date.getTime() / 1000).toFixed(3);
}

type SuccessData = Extract<QueryResponse, { status: 'success' }>['data'];

export function createPrometheusClient(connection: SourceConnection, options: { timeoutMs: number }): PrometheusClient {
  const limiter = createLimiter(DEFAULT_CONCURRENCY);

  /** POSTs a query and returns its data and warnings; a rejected query is an `http` SourceError. */
  async function query(path: string, form: Record<string, string>): Promise<{ data: SuccessData; warnings: string[] }> {
    // POST keeps long queries out of URLs and access logs; Prometheus answers errors with 400/422 JSON.
    const { status, body } = await requestJson({
      source: 'prometheus',
      connection,
      path,
      form,
      schema: queryResponseSchema,
      timeoutMs: options.timeoutMs,
      acceptStatuses: [400, 422],
      limiter,
    });
    if (body.status === 'error') {
      throw new SourceError({ source: 'prometheus', kind: 'http', status, path, message: `query rejected (${body.errorType}): ${body.error}` });
    }
    return { data: body.data, warnings: [...(body.warnings ?? []), ...(body.infos ?? [])] };
  }

  function wrongType(path: string, expected: string, got: string): SourceError {
    return new SourceError({ source: 'prometheus', kind: 'parse', path, message: `expected ${expected}, got ${got}` });
  }

  return {
    async instantQuery(promql, at = new Date()) {
      const { data, warnings } = await query(INSTANT_PATH, { query: promql, time: toUnixSeconds(at) });
      if (data.resultType === 'scalar') {
        return { samples: [{ labels: {}, value: Number(data.result[1]) }], warnings, evaluatedAt: at };
      }
      if (data.resultType !== 'vector') throw wrongType(INSTANT_PATH, 'an instant vector', data.resultType);
      return {
        samples: data.result.map((series) => ({ labels: series.metric, value: Number(series.value[1]) })),
        warnings,
        evaluatedAt: at,
      };
    },

    async rangeQuery(promql, range) {
      if (!(range.stepSeconds > 0)) throw new RangeError('stepSeconds must be positive');
      const { data, warnings } = await query(RANGE_PATH, {
        query: promql,
        start: toUnixSeconds(range.start),
        end: toUnixSeconds(range.end),
        step: String(range.stepSeconds),
      });
      if (data.resultType !== 'matrix') throw wrongType(RANGE_PATH, 'a range matrix', data.resultType);
      return {
        series: data.result.map((series) => ({
          labels: series.metric,
          points: series.values.map(([time, value]) => ({ time, value: Number(value) })),
        })),
        warnings,
        start: range.start,
        end: range.end,
        stepSeconds: range.stepSeconds,
      };
    },
  };
}
