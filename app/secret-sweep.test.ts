import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionCookieFor } from '@/lib/auth/test-sessions';
import { startFixtureServer, type FixtureServer, type SeenRequest } from '@/lib/sources/test-support/fixture-server';

// Planted secrets in EVERY credential setting, sources that misbehave by echoing the credentials
// they were sent, and then every API route that exists (found on disk, like the route tests): no
// secret may show up in a log line, a response body or a response header.

const PLANTED = {
  PROMETHEUS_TOKEN: 'PLANTED-prometheus-token-91c2',
  OPENSEARCH_PASSWORD: 'PLANTED-opensearch-password-5e07',
  HARBOR_PASSWORD: 'PLANTED-harbor-password-b3d4',
  KUBERNETES_TOKEN: 'PLANTED-kubernetes-token-77aa',
  REFMAP_OIDC_CLIENT_SECRET: 'PLANTED-oidc-client-secret-1f9e',
  REFMAP_SESSION_SECRET: 'PLANTED-session-secret-0123456789abcdef-4c4c',
  REFMAP_METRICS_TOKEN: 'PLANTED-metrics-token-e5e5',
};
const OPENSEARCH_USERNAME = 'refmap-reader';
const HARBOR_USERNAME = 'robot$refmap';

/** Each secret as it could leak: as is, URL-encoded, and inside a Basic authorization header. */
const LEAK_FORMS: [string, string][] = [
  ...Object.entries(PLANTED).flatMap(([name, value]) => [
    [name, value],
    [`${name} (url-encoded)`, encodeURIComponent(value)],
  ] as [string, string][]),
  ['OPENSEARCH_PASSWORD (basic auth)', Buffer.from(`${OPENSEARCH_USERNAME}:${PLANTED.OPENSEARCH_PASSWORD}`).toString('base64')],
  ['HARBOR_PASSWORD (basic auth)', Buffer.from(`${HARBOR_USERNAME}:${PLANTED.HARBOR_PASSWORD}`).toString('base64')],
];

// Log everything, to a capture rather than the terminal (set before lib/log is imported).
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'trace';
});

const captured: string[] = [];
const servers: FixtureServer[] = [];
let identityProvider: http.Server;

/** A source that answers some requests and, for the others, echoes the credentials it received. */
function echoingSource(answer: (request: SeenRequest) => unknown | undefined) {
  return (request: SeenRequest) => {
    const good = answer(request);
    if (good !== undefined) return { json: good };
    return { status: request.rawPath.length % 2 === 0 ? 401 : 500, json: { error: `denied for ${request.headers.authorization ?? ''}`, echo: request.headers } };
  };
}

async function startIdentityProvider(): Promise<string> {
  identityProvider = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const issuer = `http://127.0.0.1:${(identityProvider.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] }));
        return;
      }
      // the token endpoint refuses, quoting the client secret it was sent
      res.statusCode = 401;
      res.end(JSON.stringify({ error: 'invalid_client', error_description: `unknown client secret ${new URLSearchParams(body).get('client_secret') ?? ''}` }));
    });
  });
  await new Promise<void>((resolve) => identityProvider.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(identityProvider.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const prometheus = await startFixtureServer(echoingSource((request) => (request.query.get('query')?.includes('up') ? { status: 'success', data: { resultType: 'vector', result: [] } } : undefined)));
  const opensearch = await startFixtureServer(echoingSource((request) => (request.rawPath === '/_cluster/health' ? { status: 'green', number_of_nodes: 1 } : undefined)));
  const harbor = await startFixtureServer(echoingSource(() => undefined));
  const kubernetes = await startFixtureServer(echoingSource((request) => (request.rawPath === '/version' ? { major: '1', minor: '30', gitVersion: 'v1.30.1' } : undefined)));
  servers.push(prometheus, opensearch, harbor, kubernetes);
  const issuer = await startIdentityProvider();
  const env: Record<string, string> = {
    ...PLANTED,
    DATABASE_URL: '',
    REFMAP_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'refmap-secret-sweep-')),
    REFMAP_CONFIG: '',
    KUBECONFIG: '',
    REFMAP_CLUSTER_NAME: 'sweep',
    PROMETHEUS_URL: prometheus.url,
    OPENSEARCH_URL: opensearch.url,
    OPENSEARCH_USERNAME,
    HARBOR_URL: harbor.url,
    HARBOR_USERNAME,
    KUBERNETES_API_URL: kubernetes.url,
    REFMAP_SOURCE_TIMEOUT: '2s',
    REFMAP_OIDC_ISSUER: issuer,
    REFMAP_OIDC_CLIENT_ID: 'refmap',
    REFMAP_ROLE_MAPPING: 'admin=admins;viewer=*',
    REFMAP_PUBLIC_URL: 'https://refmap.example.com',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);

  const { log } = await import('@/lib/log');
  const stream = (log as unknown as Record<symbol, { write(chunk: string): boolean }>)[pino.symbols.streamSym];
  if (!stream) throw new Error('cannot find the logger stream');
  vi.spyOn(stream, 'write').mockImplementation((chunk: string) => captured.push(String(chunk)) > 0);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' ')));
  }
}, 60_000);

afterAll(async () => {
  const { getAppDatabase } = await import('@/lib/app-context');
  await (await getAppDatabase()).close();
  await Promise.all(servers.map((server) => server.close()));
  identityProvider.closeAllConnections();
  await new Promise((resolve) => identityProvider.close(resolve));
});

// --- the routes --------------------------------------------------------------------------------

const APP_DIR = import.meta.dirname;
type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Sample values of dynamic segments and query strings; a new route needs a line here only if the defaults do not fit. */
function sampleParams(routeDir: string, snapshotId: string): Record<string, string> {
  return routeDir.startsWith('api/controls/') ? { id: 'S5.NON-ROOT' } : { id: snapshotId };
}
const SAMPLE_QUERIES: Record<string, string> = {
  'api/snapshots/[id]/diff': '?against={snapshotId}',
  'api/auth/callback': '?code=sweep-code&state={state}',
};

// collect first (later routes read its snapshot); start the OIDC sign-in before its callback
const FIRST = ['api/snapshots', 'api/auth/signin'];
const priority = (routeDir: string) => (FIRST.includes(routeDir) ? FIRST.indexOf(routeDir) : FIRST.length);

function routeFiles(): string[] {
  return readdirSync(path.join(APP_DIR, 'api'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|[/\\])route\.ts$/.test(file))
    .map((file) => `api/${path.dirname(file).split(path.sep).join('/')}`)
    .sort((a, b) => priority(a) - priority(b) || a.localeCompare(b));
}

interface Exchange {
  name: string;
  status: number;
  text: string;
}

async function sweepRoutes(): Promise<Exchange[]> {
  const exchanges: Exchange[] = [];
  const admin = await sessionCookieFor('admin', { secret: PLANTED.REFMAP_SESSION_SECRET, via: 'oidc' });
  let snapshotId = '00000000-0000-7000-8000-000000000000';
  let flowCookie = '';
  let state = '';
  for (const routeDir of routeFiles()) {
    const source = readFileSync(path.join(APP_DIR, routeDir, 'route.ts'), 'utf8');
    const routeModule = (await import(path.join(APP_DIR, routeDir, 'route.ts'))) as Record<string, Handler | undefined>;
    const methods = [...source.matchAll(/export\s+(?:async\s+function|function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1] ?? '');
    for (const method of methods) {
      const handler = routeModule[method];
      if (handler === undefined) continue;
      const urlPath = `/${routeDir.replace(/\[id\]/, encodeURIComponent(sampleParams(routeDir, snapshotId).id ?? ''))}`;
      const query = (SAMPLE_QUERIES[routeDir] ?? '').replace('{snapshotId}', snapshotId).replace('{state}', state);
      const headers: Record<string, string> = {
        cookie: [admin, routeDir === 'api/auth/callback' ? flowCookie : ''].filter(Boolean).join('; '),
        authorization: `Bearer ${PLANTED.REFMAP_METRICS_TOKEN}`,
      };
      const request = new NextRequest(`http://refmap.test${urlPath}${query}`, { method, headers, ...(method === 'GET' ? {} : { body: '{}' }) });
      const response = await handler(request, { params: Promise.resolve(sampleParams(routeDir, snapshotId)) });
      const text = `${[...response.headers].map(([key, value]) => `${key}: ${value}`).join('\n')}\n\n${await response.text()}`;
      exchanges.push({ name: `${method} ${urlPath}${query}`, status: response.status, text });
      if (routeDir === 'api/snapshots' && method === 'POST') {
        snapshotId = /"id":"([0-9a-f-]{36})"/.exec(text)?.[1] ?? snapshotId;
      }
      if (routeDir === 'api/auth/signin') {
        flowCookie = /refmap_oidc_flow=[^;]+/.exec(text)?.[0] ?? '';
        state = new URL(response.headers.get('location') ?? 'http://x').searchParams.get('state') ?? '';
      }
    }
  }
  // and what the proxy answers to a refused request
  const { proxy } = await import('@/proxy');
  for (const [urlPath, headers] of [['/api/matrix', {}], ['/api/metrics', { authorization: 'Bearer wrong' }], ['/audit', {}]] as const) {
    const response = await proxy(new NextRequest(`http://refmap.test${urlPath}`, { headers }));
    exchanges.push({ name: `proxy ${urlPath}`, status: response.status, text: `${[...response.headers].join('\n')}\n${await response.text()}` });
  }
  return exchanges;
}

describe('planted secrets', () => {
  let exchanges: Exchange[] = [];

  beforeAll(async () => {
    exchanges = await sweepRoutes();
  }, 120_000);

  it('exercised every route, a collection against the echoing sources and the OIDC callback', () => {
    const names = exchanges.map((exchange) => exchange.name);
    expect(names).toEqual(expect.arrayContaining(['POST /api/snapshots', 'GET /api/matrix', 'GET /api/metrics', 'GET /api/audit', 'GET /api/health']));
    expect(exchanges.find((exchange) => exchange.name === 'POST /api/snapshots')?.status).toBe(201);
    expect(exchanges.find((exchange) => exchange.name.startsWith('GET /api/auth/callback'))?.text).toContain('error=provider_error');
    // the sources really were sent the credentials, and echoed them back
    const sentAuthorization = servers.flatMap((server) => server.requests.map((request) => request.headers.authorization ?? ''));
    expect(sentAuthorization.some((header) => header.includes(PLANTED.KUBERNETES_TOKEN))).toBe(true);
    expect(sentAuthorization.some((header) => header.includes(PLANTED.PROMETHEUS_TOKEN))).toBe(true);
    expect(captured.length).toBeGreaterThan(10);
  });

  it.each(LEAK_FORMS)('%s appears in no API response', (_name, secret) => {
    for (const exchange of exchanges) expect(exchange.text.includes(secret), `${exchange.name} (HTTP ${exchange.status}) shows it`).toBe(false);
  });

  it.each(LEAK_FORMS)('%s appears in no log line', (_name, secret) => {
    const leaking = captured.filter((line) => line.includes(secret));
    expect(leaking, leaking[0]).toEqual([]);
  });
});
