import 'server-only';
import type { SourceConnection } from '@/lib/config';
import { requestJson } from '@/lib/sources/http/request-json';
import { SourceError } from '@/lib/sources/source-error';
import { queryResponseSchema } from './schemas';

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

export interface PrometheusClient {
  /** Runs an instant query that must return a vector (a scalar becomes one sample without labels). */
  instantQuery(query: string, at?: Date): Promise<InstantQueryResult>;
}

export function createPrometheusClient(connection: SourceConnection, options: { timeoutMs: number }): PrometheusClient {
  return {
    async instantQuery(query, at = new Date()) {
      const path = '/api/v1/query';
      // POST keeps long queries out of URLs and access logs; Prometheus answers errors with 400/422 JSON.
      const { body } = await requestJson({
        source: 'prometheus',
        connection,
        path,
        form: { query, time: (at.getTime() / 1000).toFixed(3) },
        schema: queryResponseSchema,
        timeoutMs: options.timeoutMs,
        acceptStatuses: [400, 422],
      });
      if (body.status === 'error') {
        throw new SourceError({ source: 'prometheus', kind: 'http', path, message: `query rejected (${body.errorType}): ${body.error}` });
      }
      const warnings = body.warnings ?? [];
      const data = body.data;
      if (data.resultType === 'scalar') {
        return { samples: [{ labels: {}, value: Number(data.result[1]) }], warnings, evaluatedAt: at };
      }
      if (data.resultType !== 'vector') {
        throw new SourceError({ source: 'prometheus', kind: 'parse', path, message: `expected an instant vector, got ${data.resultType}` });
      }
      return {
        samples: data.result.map((series) => ({ labels: series.metric, value: Number(series.value[1]) })),
        warnings,
        evaluatedAt: at,
      };
    },
  };
}
