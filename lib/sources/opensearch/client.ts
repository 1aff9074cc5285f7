import 'server-only';
import { Client, errors } from '@opensearch-project/opensearch';
import type { z } from 'zod';
import type { SourceConnection } from '@/lib/sources/connection';
import { createLimiter, DEFAULT_CONCURRENCY } from '@/lib/sources/http/limiter';
import { SourceError } from '@/lib/sources/source-error';
import type { IsmPolicySummary, OpenSearchAlias, OpenSearchHealth, OpenSearchIndex, TermCount } from '@/lib/sources/types';
import { toIsmPolicySummary } from './ism-policies';
import { catAliasesSchema, catIndicesSchema, clusterHealthSchema, ismPoliciesSchema, maxAggregationSchema, termsAggregationSchema } from './schemas';
import { measured } from '@/lib/sources/http/measured';

export type { OpenSearchAlias } from '@/lib/sources/types';
export type OpenSearchClusterHealth = OpenSearchHealth;

export interface TermsQuery {
  /** only documents with `@timestamp` at or after this instant are counted */
  sinceIso: string;
  /** how many distinct values to report at most (default 10,000) */
  size?: number;
  /** exact values other fields must have (term queries) */
  match?: Record<string, string>;
}

export interface OpenSearchSourceClient {
  getClusterHealth(): Promise<OpenSearchClusterHealth>;
  listAliases(): Promise<OpenSearchAlias[]>;
  listIndices(): Promise<OpenSearchIndex[]>;
  listIsmPolicies(): Promise<IsmPolicySummary[]>;
  /** newest `@timestamp` in an index pattern (ISO 8601), null when it holds no document */
  latestDocumentTime(indexPattern: string, match?: Record<string, string>): Promise<string | null>;
  /** document counts per value of `field` (a terms aggregation: documents are never fetched) */
  countByTerms(indexPattern: string, field: string, query: TermsQuery): Promise<TermCount[]>;
}

const MAX_RETRIES = 2;
const ISM_PAGE_SIZE = 100;
const DEFAULT_TERMS_SIZE = 10_000;
// ConnectionError keeps only Node's message, not its code
const TLS_MESSAGE = /certificate|self[- ]signed|SSL|TLS|wrong version number/i;

/** What one request answers: the body and, for a request that can be cut short, its abort. */
type Send = () => Promise<{ body: unknown }> & { abort?: () => void };

function toSourceError(error: unknown, path: string, timeoutMs: number, hasTimedOut: boolean): SourceError {
  if (error instanceof SourceError) return error;
  if (hasTimedOut || error instanceof errors.TimeoutError) {
    return new SourceError({ source: 'opensearch', kind: 'timeout', path, message: `no answer within ${timeoutMs} ms` });
  }
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    if (status === 401 || status === 403) {
      return new SourceError({ source: 'opensearch', kind: 'auth', status, path, message: `access refused (HTTP ${status}); check the credentials` });
    }
    return new SourceError({ source: 'opensearch', kind: 'http', status, path, message: `HTTP ${status}` });
  }
  if (error instanceof errors.DeserializationError) {
    return new SourceError({ source: 'opensearch', kind: 'parse', path, message: 'answer is not valid JSON' });
  }
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError) {
    const isTls = TLS_MESSAGE.test((error as Error).message);
    return new SourceError({ source: 'opensearch', kind: isTls ? 'tls' : 'network', path, message: isTls ? 'TLS verification failed' : 'cannot connect' });
  }
  return new SourceError({ source: 'opensearch', kind: 'network', path, message: `request failed (${(error as Error).name})` });
}

function isRetryable(error: SourceError): boolean {
  return error.kind === 'network' || (error.kind === 'http' && (error.status ?? 0) >= 500);
}

function parse<T>(schema: z.ZodType<T>, body: unknown, path: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SourceError({ source: 'opensearch', kind: 'parse', path, message: `unexpected answer shape at ${issue?.path.join('.') || '(root)'}` });
}

function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function createOpenSearchClient(connection: SourceConnection, options: { timeoutMs: number; concurrency?: number }): OpenSearchSourceClient {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const limiter = createLimiter(concurrency);
  const client = new Client({
    node: connection.url,
    auth: connection.username !== undefined && connection.password !== undefined ? { username: connection.username, password: connection.password } : undefined,
    headers: connection.token ? { authorization: `Bearer ${connection.token}` } : undefined,
    ssl: { ca: connection.ca, cert: connection.clientCert, key: connection.clientKey, rejectUnauthorized: !connection.skipTlsVerify },
    requestTimeout: options.timeoutMs,
    // retries are ours (below): the client itself would retry only 502/503/504, not every 5xx
    maxRetries: 0,
    agent: { keepAlive: true, maxSockets: concurrency },
  });

  /** One request: bounded concurrency, a deadline for the whole answer, two retries on 5xx/network. */
  async function once(path: string, send: Send): Promise<unknown> {
    let hasTimedOut = false;
    try {
      return await limiter(async () => {
        const pending = send();
        // requestTimeout only notices a silent socket; this deadline also covers a slow trickle
        const timer = setTimeout(() => {
          hasTimedOut = true;
          pending.abort?.();
        }, options.timeoutMs);
        try {
          return (await measured('opensearch', () => Promise.resolve(pending))).body;
        } finally {
          clearTimeout(timer);
        }
      });
    } catch (error) {
      throw toSourceError(error, path, options.timeoutMs, hasTimedOut);
    }
  }

  async function call<T>(path: string, schema: z.ZodType<T>, send: Send): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return parse(schema, await once(path, send), path);
      } catch (error) {
        const sourceError = toSourceError(error, path, options.timeoutMs, false);
        if (attempt >= MAX_RETRIES || !isRetryable(sourceError)) throw sourceError;
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
      }
    }
  }

  /**
   * A search that only aggregates (size 0). Through the transport because the typed search API's
   * aggregation types leave out `field`; a missing index or alias counts as empty, not as an error.
   */
  function search(indexPattern: string, body: Record<string, unknown>) {
    return client.transport.request({
      method: 'POST',
      path: `/${encodeURIComponent(indexPattern)}/_search`,
      querystring: { ignore_unavailable: true, allow_no_indices: true },
      body,
    });
  }

  return {
    async getClusterHealth() {
      const health = await call('/_cluster/health', clusterHealthSchema, () => client.cluster.health());
      return { status: health.status, numberOfNodes: health.number_of_nodes };
    },

    async listAliases() {
      const aliases = await call('/_cat/aliases', catAliasesSchema, () => client.cat.aliases({ format: 'json' }));
      return aliases.map((row) => ({ alias: row.alias, index: row.index, isWriteIndex: row.is_write_index === 'true' }));
    },

    async listIndices() {
      const indices = await call('/_cat/indices', catIndicesSchema, () =>
        client.cat.indices({ format: 'json', h: ['index', 'health', 'status', 'docs.count', 'creation.date'], s: ['index'] }),
      );
      return indices.map((row) => {
        const createdMs = Number(row['creation.date']);
        return {
          index: row.index,
          creationDate: row['creation.date'] && Number.isFinite(createdMs) ? toIso(createdMs) : undefined,
          docsCount: Number(row['docs.count'] ?? 0) || 0,
          health: row.health ?? undefined,
        };
      });
    },

    async listIsmPolicies() {
      const path = '/_plugins/_ism/policies';
      const policies: IsmPolicySummary[] = [];
      // the API answers 20 policies unless asked for more, so read it page by page
      for (let from = 0; ; from += ISM_PAGE_SIZE) {
        const page = await call(path, ismPoliciesSchema, () => client.ism.getPolicies({ size: ISM_PAGE_SIZE, from }));
        policies.push(...page.policies.map((entry) => toIsmPolicySummary(entry.policy.policy_id ?? entry._id, entry.policy)));
        const total = page.total_policies ?? policies.length;
        if (page.policies.length < ISM_PAGE_SIZE || policies.length >= total) return policies;
      }
    },

    async latestDocumentTime(indexPattern, match = {}) {
      const filters = Object.entries(match).map(([matchField, value]) => ({ term: { [matchField]: value } }));
      const body = { size: 0, track_total_hits: false, ...(filters.length > 0 ? { query: { bool: { filter: filters } } } : {}), aggs: { latest: { max: { field: '@timestamp' } } } };
      const answer = await call('/_search', maxAggregationSchema, () => search(indexPattern, body));
      const value = answer.aggregations.latest.value;
      return value === null ? null : toIso(value);
    },

    async countByTerms(indexPattern, field, query) {
      const filters: object[] = [{ range: { '@timestamp': { gte: query.sinceIso } } }];
      for (const [matchField, value] of Object.entries(query.match ?? {})) filters.push({ term: { [matchField]: value } });
      const body = {
        size: 0,
        track_total_hits: false,
        query: { bool: { filter: filters } },
        aggs: { counts: { terms: { field, size: query.size ?? DEFAULT_TERMS_SIZE } } },
      };
      const answer = await call('/_search', termsAggregationSchema, () => search(indexPattern, body));
      return answer.aggregations.counts.buckets.map((bucket) => ({ key: bucket.key_as_string ?? String(bucket.key), count: bucket.doc_count }));
    },
  };
}
