import 'server-only';
import { Client, errors } from '@opensearch-project/opensearch';
import { z } from 'zod';
import type { SourceConnection } from '@/lib/config';
import { SourceError } from '@/lib/sources/source-error';

export interface OpenSearchClusterHealth {
  status: 'green' | 'yellow' | 'red';
  numberOfNodes: number;
}

export interface OpenSearchAlias {
  alias: string;
  index: string;
  isWriteIndex: boolean;
}

export interface OpenSearchSourceClient {
  getClusterHealth(): Promise<OpenSearchClusterHealth>;
  listAliases(): Promise<OpenSearchAlias[]>;
}

const clusterHealthSchema = z.object({ status: z.enum(['green', 'yellow', 'red']), number_of_nodes: z.number() });
const aliasesSchema = z.array(z.object({ alias: z.string(), index: z.string(), is_write_index: z.string().optional() }));

function toSourceError(error: unknown, path: string, timeoutMs: number): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    if (status === 401 || status === 403) {
      return new SourceError({ source: 'opensearch', kind: 'auth', status, path, message: `access refused (HTTP ${status}); check the credentials` });
    }
    return new SourceError({ source: 'opensearch', kind: 'http', status, path, message: `HTTP ${status}` });
  }
  if (error instanceof errors.TimeoutError) return new SourceError({ source: 'opensearch', kind: 'timeout', path, message: `no answer within ${timeoutMs} ms` });
  if (error instanceof errors.DeserializationError) return new SourceError({ source: 'opensearch', kind: 'parse', path, message: 'answer is not valid JSON' });
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError) {
    const isTls = /certificate|self.signed|SSL|TLS/i.test((error as Error).message);
    return new SourceError({ source: 'opensearch', kind: isTls ? 'tls' : 'network', path, message: isTls ? 'TLS verification failed' : 'cannot connect' });
  }
  return new SourceError({ source: 'opensearch', kind: 'network', path, message: (error as Error).name });
}

function parse<T>(schema: z.ZodType<T>, body: unknown, path: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SourceError({ source: 'opensearch', kind: 'parse', path, message: `unexpected answer shape at ${issue?.path.join('.') || '(root)'}` });
}

export function createOpenSearchClient(connection: SourceConnection, options: { timeoutMs: number }): OpenSearchSourceClient {
  const client = new Client({
    node: connection.url,
    auth: connection.username !== undefined && connection.password !== undefined ? { username: connection.username, password: connection.password } : undefined,
    ssl: { ca: connection.ca, cert: connection.clientCert, key: connection.clientKey, rejectUnauthorized: !connection.skipTlsVerify },
    requestTimeout: options.timeoutMs,
    // the client retries connection errors and 502/503/504 itself; two retries at most, as for the other sources
    maxRetries: 2,
  });
  async function call<T>(path: string, schema: z.ZodType<T>, send: () => Promise<{ body: unknown }>): Promise<T> {
    try {
      const response = await send();
      return parse(schema, response.body, path);
    } catch (error) {
      throw toSourceError(error, path, options.timeoutMs);
    }
  }
  return {
    async getClusterHealth() {
      const health = await call('/_cluster/health', clusterHealthSchema, () => client.cluster.health());
      return { status: health.status, numberOfNodes: health.number_of_nodes };
    },
    async listAliases() {
      const aliases = await call('/_cat/aliases', aliasesSchema, () => client.cat.aliases({ format: 'json' }));
      return aliases.map((row) => ({ alias: row.alias, index: row.index, isWriteIndex: row.is_write_index === 'true' }));
    },
  };
}
