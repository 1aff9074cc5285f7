import { readdirSync } from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';

/**
 * Every API route handler under app/api, found on disk, and a way to call it as Next.js does:
 * `handler(new NextRequest(url, init), { params: Promise.resolve({...}) })`. A route added later is
 * picked up without touching the tests that use this.
 */

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

export interface ApiEndpoint {
  /** e.g. app/api/snapshots/[id]/diff/route.ts */
  file: string;
  /** e.g. /api/snapshots/[id]/diff */
  pattern: string;
  /** the [dynamic] segments, in order */
  paramNames: string[];
  method: HttpMethod;
  handler: Handler;
}

const APP_DIR = path.resolve(import.meta.dirname, '../../app');

function patternOf(relativeDir: string): string {
  const segments = relativeDir.split(path.sep).filter((segment) => segment !== '' && !/^\(.+\)$/.test(segment));
  return `/${segments.join('/')}`;
}

/** Every exported method handler of every app/api/**\/route.ts. */
export async function findApiEndpoints(): Promise<ApiEndpoint[]> {
  const files = readdirSync(path.join(APP_DIR, 'api'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|[/\\])route\.ts$/.test(file))
    .sort();
  const endpoints: ApiEndpoint[] = [];
  for (const file of files) {
    const routeModule = (await import(/* @vite-ignore */ path.join(APP_DIR, 'api', file))) as Partial<Record<HttpMethod, Handler>>;
    const pattern = patternOf(path.join('api', path.dirname(file)));
    const paramNames = [...pattern.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]!);
    for (const method of HTTP_METHODS) {
      const handler = routeModule[method];
      if (typeof handler === 'function') endpoints.push({ file: path.join('app/api', file), pattern, paramNames, method, handler });
    }
  }
  return endpoints;
}

export interface RouteCall {
  params?: Record<string, string>;
  /** appended as is after `?` (so that malformed query strings can be sent too) */
  query?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The URL path of an endpoint with its params filled in (percent-encoded, as a browser sends them). */
export function urlPathOf(endpoint: ApiEndpoint, params: Record<string, string>): string {
  return endpoint.pattern.replace(/\[([^\]]+)\]/g, (_match, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** Calls the handler as Next.js would. */
export async function callEndpoint(endpoint: ApiEndpoint, call: RouteCall = {}): Promise<Response> {
  const params = call.params ?? {};
  const url = `http://refmap.test${urlPathOf(endpoint, params)}${call.query ? `?${call.query}` : ''}`;
  const hasBody = call.body !== undefined && endpoint.method !== 'GET';
  const request = new NextRequest(url, { method: endpoint.method, headers: call.headers, body: hasBody ? call.body : undefined });
  return endpoint.handler(request, { params: Promise.resolve(params) });
}
