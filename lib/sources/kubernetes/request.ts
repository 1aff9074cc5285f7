import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import type { Limiter } from '@/lib/sources/http/limiter';
import { toSourceError } from '@/lib/sources/http/request-json';
import { SourceError } from '@/lib/sources/source-error';
import { measured } from '@/lib/sources/http/measured';
import type { KubernetesTransport } from './transport';

/** The transport, opened at the first call (opening may import @kubernetes/client-node, see transport.ts). */
export type TransportSource = () => Promise<KubernetesTransport>;

/** What every Kubernetes call needs: the client's bound on requests in flight and a timeout per request. */
export interface KubernetesContext {
  limiter: Limiter;
  timeoutMs: number;
  transport: TransportSource;
}

const MAX_RETRIES = 2;

/**
 * Turns what a call throws into a SourceError: getJson already rejects with SourceErrors (HTTP and
 * transport failures); a body that is not JSON throws SyntaxError.
 */
function toKubernetesError(error: unknown, path: string): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof SyntaxError) return new SourceError({ source: 'kubernetes', kind: 'parse', path, message: 'answer is not valid JSON' });
  return new SourceError({ source: 'kubernetes', kind: 'network', path, message: `request failed (${(error as Error).name ?? 'error'})` });
}

function isRetryable(error: SourceError): boolean {
  return error.kind === 'network' || (error.kind === 'http' && (error.status ?? 0) >= 500);
}

/** One API call: bounded concurrency, at most two retries on 5xx/network errors (each GET has its own timeout). */
export async function callKubernetes<T>(context: KubernetesContext, path: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await context.limiter(() => measured('kubernetes', call));
    } catch (error) {
      const sourceError = toKubernetesError(error, path);
      if (attempt >= MAX_RETRIES || !isRetryable(sourceError)) throw sourceError;
      // short, growing pause so a restarting API server gets a moment
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  }
}

/** One page of a list answer, whatever the kind. */
interface ListPage<T> {
  items: T[];
  continueToken?: string;
}

export interface PageFetcher<T> {
  (page: { limit: number; continueToken?: string }): Promise<ListPage<T>>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * GET an API path as plain JSON, with the transport's server, TLS settings and credentials.
 * Rejects with a SourceError for HTTP and transport failures and with a SyntaxError for a body that
 * is not JSON (callKubernetes turns that into a parse error).
 */
export async function getJson(transports: TransportSource, path: string, query: Record<string, string | number | undefined>, timeoutMs: number): Promise<unknown> {
  const transport = await transports();
  const server = transport.server;
  const url = new URL(server.replace(/\/$/, '') + path);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  const signal = AbortSignal.timeout(timeoutMs);
  const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' }, signal };
  await transport.applyTo(options);
  const text = await new Promise<string>((resolve, reject) => {
    const fail = (error: unknown) => reject(toSourceError('kubernetes', path, error, timeoutMs));
    const request = (url.protocol === 'https:' ? https : http).request(url, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          request.destroy();
          reject(new SourceError({ source: 'kubernetes', kind: 'parse', path, message: `answer larger than ${MAX_BODY_BYTES} bytes` }));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status === 401 || status === 403) {
          reject(new SourceError({ source: 'kubernetes', kind: 'auth', status, path, message: `access refused (HTTP ${status}); check the token and RBAC` }));
        } else if (status < 200 || status >= 300) {
          reject(new SourceError({ source: 'kubernetes', kind: 'http', status, path, message: `HTTP ${status}` }));
        } else {
          resolve(Buffer.concat(chunks).toString('utf8'));
        }
      });
      response.on('error', fail);
      // a body cut off by the timeout or the peer ends with 'close' and no 'end'; a settled promise ignores this
      response.on('close', () => {
        if (!response.complete) fail(signal.aborted ? signal.reason : Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' }));
      });
    });
    request.on('error', fail);
    request.end();
  });
  return JSON.parse(text);
}

const listEnvelopeSchema = z.object({
  metadata: z.object({ continue: z.string().optional() }).optional(),
  items: z.array(z.unknown()),
});

/**
 * Pages of a built-in kind's list as the API server sends them: parsed JSON, not the generated
 * client's model objects. At fleet scale (10,000 pods, 28 MB of JSON) the generated deserialiser
 * cost about three times JSON.parse and made the collector CPU-bound (see BENCHMARKS.md). Items are
 * typed as the model they have the shape of, with two wire differences that the summaries allow
 * for: timestamps stay ISO strings (toIsoTimestamp takes both), and the few fields the generated
 * client renames (`_from`, `_continue`) keep their wire names.
 */
export function plainListPage<T>(transports: TransportSource, path: string, timeoutMs: number): PageFetcher<T> {
  return async ({ limit, continueToken }) => {
    const list = listEnvelopeSchema.safeParse(await getJson(transports, path, { limit, continue: continueToken }, timeoutMs));
    if (!list.success) throw new SourceError({ source: 'kubernetes', kind: 'parse', path, message: 'list answer without items' });
    return { items: list.data.items as T[], continueToken: list.data.metadata?.continue };
  };
}

const namedObjectSchema = z.object({ metadata: z.object({ name: z.string().min(1) }) });

// A guard against an API server whose continue token never ends the loop.
const MAX_PAGES = 100_000;

/**
 * Every page of a list (limit/continue), at most two pages in memory at a time. The next page is
 * asked for as soon as this one's continue token is known, so the API server prepares it while the
 * caller maps this one.
 */
export async function* listPages<T>(context: KubernetesContext, path: string, pageSize: number, fetchPage: PageFetcher<T>): AsyncGenerator<T[]> {
  const fetchAfter = (continueToken: string | undefined) => callKubernetes(context, path, () => fetchPage({ limit: pageSize, continueToken }));
  let next = fetchAfter(undefined);
  try {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await next;
      if (!Array.isArray(page.items)) throw new SourceError({ source: 'kubernetes', kind: 'parse', path, message: 'list answer without items' });
      // every object of a list has a name: anything else is not the list asked for
      const unnamed = page.items.findIndex((item) => !namedObjectSchema.safeParse(item).success);
      if (unnamed !== -1) throw new SourceError({ source: 'kubernetes', kind: 'parse', path, message: `unexpected answer shape at items.${unnamed}.metadata.name` });
      const continueToken = page.continueToken || undefined;
      if (continueToken !== undefined) {
        if (pageNumber >= MAX_PAGES) throw new SourceError({ source: 'kubernetes', kind: 'parse', path, message: `more than ${MAX_PAGES} pages` });
        next = fetchAfter(continueToken);
      }
      yield page.items;
      if (continueToken === undefined) return;
    }
  } finally {
    // a caller that stops early leaves the prefetched page unread; its failure is nobody's concern
    next.catch(() => undefined);
  }
}

/** Every item of a list, each mapped to its summary as its page arrives (raw objects are not kept). */
export async function listAll<T, S>(context: KubernetesContext, path: string, pageSize: number, fetchPage: PageFetcher<T>, toSummary: (item: T) => S): Promise<S[]> {
  const summaries: S[] = [];
  for await (const items of listPages(context, path, pageSize, fetchPage)) {
    for (const item of items) summaries.push(toSummary(item));
  }
  return summaries;
}

/** A timestamp as ISO 8601; the generated client hands out Date objects, custom resources strings. */
export function toIsoTimestamp(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
