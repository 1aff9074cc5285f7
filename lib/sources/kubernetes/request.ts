import 'server-only';
import http from 'node:http';
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { z } from 'zod';
import type { KubernetesConnection } from '@/lib/sources/connection';
import type { Limiter } from '@/lib/sources/http/limiter';
import { isTlsErrorCode, toSourceError } from '@/lib/sources/http/request-json';
import { SourceError } from '@/lib/sources/source-error';
import { measured } from '@/lib/sources/http/measured';

/** What every Kubernetes call needs: the client's bound on requests in flight and a timeout per request. */
export interface KubernetesContext {
  limiter: Limiter;
  timeoutMs: number;
}

const MAX_RETRIES = 2;

export function buildKubeConfig(connection: KubernetesConnection): k8s.KubeConfig {
  const kubeConfig = new k8s.KubeConfig();
  if (connection.kind === 'kubeconfig' && connection.kubeconfigPath) {
    kubeConfig.loadFromFile(connection.kubeconfigPath);
  } else if (connection.kind === 'in-cluster') {
    kubeConfig.loadFromCluster();
  } else if (connection.connection) {
    const { url, token, ca, clientCert, clientKey, skipTlsVerify } = connection.connection;
    const toBase64 = (pem: string | undefined) => (pem === undefined ? undefined : Buffer.from(pem).toString('base64'));
    // the client refuses plain http:// unless skipTLSVerify is set; over plain HTTP there is nothing to verify
    const isPlainHttp = new URL(url).protocol === 'http:';
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'refmap', server: url, caData: toBase64(ca), skipTLSVerify: skipTlsVerify || isPlainHttp }],
      users: [{ name: 'refmap', token, certData: toBase64(clientCert), keyData: toBase64(clientKey) }],
      contexts: [{ name: 'refmap', cluster: 'refmap', user: 'refmap' }],
      currentContext: 'refmap',
    });
  }
  return kubeConfig;
}

/**
 * Turns what the generated client throws into a SourceError. Its HTTP layer (node-fetch) throws
 * FetchError for network and TLS failures and AbortError on timeout; its deserializer throws
 * SyntaxError or a plain Error ("Cannot parse content…") when an answer cannot be read.
 */
function toKubernetesError(error: unknown, path: string, timeoutMs: number): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof k8s.ApiException) {
    const status = error.code;
    if (status === 401 || status === 403) {
      return new SourceError({ source: 'kubernetes', kind: 'auth', status, path, message: `access refused (HTTP ${status}); check the token and RBAC` });
    }
    if (status >= 200 && status < 300) {
      return new SourceError({ source: 'kubernetes', kind: 'parse', status, path, message: 'answer could not be read' });
    }
    return new SourceError({ source: 'kubernetes', kind: 'http', status, path, message: `HTTP ${status}` });
  }
  const err = error as Error & { code?: string; type?: string };
  if (err.name === 'AbortError' || err.name === 'TimeoutError') {
    return new SourceError({ source: 'kubernetes', kind: 'timeout', path, message: `no answer within ${timeoutMs} ms` });
  }
  if (err.name === 'FetchError') {
    if (isTlsErrorCode(err.code)) return new SourceError({ source: 'kubernetes', kind: 'tls', path, message: `TLS verification failed (${err.code})` });
    return new SourceError({ source: 'kubernetes', kind: 'network', path, message: `cannot connect (${err.code ?? err.type ?? 'error'})` });
  }
  if (err instanceof SyntaxError) {
    return new SourceError({ source: 'kubernetes', kind: 'parse', path, message: 'answer is not valid JSON' });
  }
  // the generated deserializer: no or an unknown content type, or a body of the wrong shape
  if (err instanceof TypeError || /Cannot parse content|ObjectSerializer/.test(err.message ?? '')) {
    return new SourceError({ source: 'kubernetes', kind: 'parse', path, message: 'answer could not be read' });
  }
  return new SourceError({ source: 'kubernetes', kind: 'network', path, message: `request failed (${err.name ?? 'error'})` });
}

function isRetryable(error: SourceError): boolean {
  return error.kind === 'network' || (error.kind === 'http' && (error.status ?? 0) >= 500);
}

/**
 * Request options that give one call its own deadline: the generated client takes an AbortSignal
 * through a request middleware (observable-style hooks, as its object API expects).
 */
function timeoutOptions(timeoutMs: number): k8s.ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context) => {
          context.setSignal(AbortSignal.timeout(timeoutMs));
          return new k8s.Observable(Promise.resolve(context));
        },
        post: (response) => new k8s.Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** One API call: bounded concurrency, a timeout per attempt, at most two retries on 5xx/network errors. */
export async function callKubernetes<T>(context: KubernetesContext, path: string, call: (options: k8s.ConfigurationOptions) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await context.limiter(() => measured('kubernetes', () => call(timeoutOptions(context.timeoutMs))));
    } catch (error) {
      const sourceError = toKubernetesError(error, path, context.timeoutMs);
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
  (page: { limit: number; continueToken?: string }, options: k8s.ConfigurationOptions): Promise<ListPage<T>>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * GET an API path as plain JSON, with the kubeconfig's server, TLS settings, proxy and credentials.
 * Rejects with a SourceError for HTTP and transport failures and with a SyntaxError for a body that
 * is not JSON (callKubernetes turns that into a parse error).
 */
async function getJson(kubeConfig: k8s.KubeConfig, path: string, query: Record<string, string | number | undefined>, timeoutMs: number): Promise<unknown> {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new SourceError({ source: 'kubernetes', kind: 'network', path, message: 'no API server configured' });
  const url = new URL(server.replace(/\/$/, '') + path);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  const signal = AbortSignal.timeout(timeoutMs);
  const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' }, signal };
  await kubeConfig.applyToHTTPSOptions(options);
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
export function plainListPage<T>(kubeConfig: k8s.KubeConfig, path: string, timeoutMs: number): PageFetcher<T> {
  return async ({ limit, continueToken }) => {
    const list = listEnvelopeSchema.safeParse(await getJson(kubeConfig, path, { limit, continue: continueToken }, timeoutMs));
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
  const fetchAfter = (continueToken: string | undefined) => callKubernetes(context, path, (options) => fetchPage({ limit: pageSize, continueToken }, options));
  let next = fetchAfter(undefined);
  try {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await next;
      if (!Array.isArray(page.items)) throw new SourceError({ source: 'kubernetes', kind: 'parse', path, message: 'list answer without items' });
      // the generated deserializer turns almost anything into objects; every object has a name
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
