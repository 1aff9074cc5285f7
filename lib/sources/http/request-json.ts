import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import type { SourceConnection, SourceName } from '@/lib/sources/connection';
import { SourceError } from '@/lib/sources/source-error';
import type { Limiter } from './limiter';
import { measured } from '@/lib/sources/http/measured';

/**
 * JSON over HTTP(S) for the sources that have no official client here (Prometheus, Harbor).
 * node:http rather than fetch because fetch cannot take a custom CA bundle or a client certificate
 * without an extra dependency. Retries (at most two) only on 5xx and network errors; every
 * failure becomes a SourceError that names the source and the URL path, never a credential.
 */

export interface JsonRequest<T> {
  source: SourceName;
  connection: SourceConnection;
  /** path below the base URL, e.g. /api/v1/query */
  path: string;
  query?: Record<string, string | number | undefined>;
  method?: 'GET' | 'POST';
  /** sent as application/x-www-form-urlencoded (Prometheus accepts long queries this way) */
  form?: Record<string, string>;
  schema: z.ZodType<T>;
  timeoutMs: number;
  retries?: number;
  /** response statuses whose body is still parsed with the schema (e.g. Prometheus 400/422 error bodies) */
  acceptStatuses?: number[];
  /** extra request headers (never credentials: those come from the connection) */
  headers?: Record<string, string>;
  /** the client's bound on requests in flight; each attempt takes one slot */
  limiter?: Limiter;
}

export interface JsonResponse<T> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function authorizationHeader(connection: SourceConnection): string | undefined {
  if (connection.token) return `Bearer ${connection.token}`;
  if (connection.username !== undefined && connection.password !== undefined) {
    return `Basic ${Buffer.from(`${connection.username}:${connection.password}`).toString('base64')}`;
  }
  return undefined;
}

function buildUrl(baseUrl: string, path: string, query: JsonRequest<unknown>['query']): URL {
  const base = new URL(baseUrl);
  const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

const TLS_ERROR_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

/** True for the error codes Node uses when a TLS handshake or certificate check fails. */
export function isTlsErrorCode(code: string | undefined): boolean {
  if (code === undefined) return false;
  return TLS_ERROR_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_');
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function sendOnce(request: JsonRequest<unknown>, url: URL): Promise<RawResponse> {
  const { source, connection } = request;
  const isHttps = url.protocol === 'https:';
  const body = request.form ? new URLSearchParams(request.form).toString() : undefined;
  const headers: Record<string, string> = { ...request.headers, accept: 'application/json' };
  const authorization = authorizationHeader(connection);
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const options: https.RequestOptions = {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    signal: AbortSignal.timeout(request.timeoutMs),
    ...(isHttps
      ? { ca: connection.ca, cert: connection.clientCert, key: connection.clientKey, rejectUnauthorized: !connection.skipTlsVerify }
      : {}),
  };
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          req.destroy();
          reject(new SourceError({ source, kind: 'parse', path: url.pathname, message: `answer larger than ${MAX_BODY_BYTES} bytes` }));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => reject(toSourceError(source, url.pathname, error, request.timeoutMs)));
      // a body cut off by the timeout or the peer ends with 'close' and no 'end'; a settled promise ignores this
      res.on('close', () => {
        if (res.complete) return;
        const reason = req.destroyed && options.signal?.aborted ? options.signal.reason : Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' });
        reject(toSourceError(source, url.pathname, reason, request.timeoutMs));
      });
    });
    req.on('error', (error) => reject(toSourceError(source, url.pathname, error, request.timeoutMs)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function toSourceError(source: SourceName, path: string, error: unknown, timeoutMs: number): SourceError {
  if (error instanceof SourceError) return error;
  const err = error as NodeJS.ErrnoException;
  if (err.name === 'AbortError' || err.name === 'TimeoutError' || err.code === 'ABORT_ERR') {
    return new SourceError({ source, kind: 'timeout', path, message: `no answer within ${timeoutMs} ms` });
  }
  if (isTlsErrorCode(err.code)) {
    return new SourceError({ source, kind: 'tls', path, message: `TLS verification failed (${err.code})` });
  }
  return new SourceError({ source, kind: 'network', path, message: `cannot connect (${err.code ?? err.message})` });
}

function isRetryable(error: unknown): boolean {
  return error instanceof SourceError && (error.kind === 'network' || (error.kind === 'http' && (error.status ?? 0) >= 500));
}

async function sendAndCheck<T>(request: JsonRequest<T>, url: URL): Promise<JsonResponse<T>> {
  const { source } = request;
  const raw = await sendOnce(request, url);
  const isAccepted = (raw.status >= 200 && raw.status < 300) || (request.acceptStatuses ?? []).includes(raw.status);
  if (raw.status === 401 || raw.status === 403) {
    throw new SourceError({ source, kind: 'auth', status: raw.status, path: url.pathname, message: `access refused (HTTP ${raw.status}); check the credentials` });
  }
  if (!isAccepted) {
    throw new SourceError({ source, kind: 'http', status: raw.status, path: url.pathname, message: `HTTP ${raw.status}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.text);
  } catch {
    throw new SourceError({ source, kind: 'parse', status: raw.status, path: url.pathname, message: 'answer is not valid JSON' });
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new SourceError({ source, kind: 'parse', status: raw.status, path: url.pathname, message: `unexpected answer shape at ${where}: ${issue?.message ?? 'invalid'}` });
  }
  return { status: raw.status, headers: raw.headers, body: parsed.data };
}

/** Sends one request, retrying at most `retries` (default 2) times on 5xx and network errors. */
export async function requestJson<T>(request: JsonRequest<T>): Promise<JsonResponse<T>> {
  const url = buildUrl(request.connection.url, request.path, request.query);
  const retries = request.retries ?? 2;
  const limit: Limiter = request.limiter ?? ((task) => task());
  for (let attempt = 0; ; attempt++) {
    try {
      return await limit(() => measured(request.source, () => sendAndCheck(request, url)));
    } catch (error) {
      if (attempt >= retries || !isRetryable(error)) throw toSourceError(request.source, url.pathname, error, request.timeoutMs);
      // short, growing pause so a restarting source gets a moment
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  }
}
