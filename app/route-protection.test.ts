import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { findRule, accessFor, isApiPath, type HttpMethod } from '@/lib/auth/route-access';
import { hasPermission, ROLES } from '@/lib/auth/roles';
import { sessionCookieFor, TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import { proxy } from '@/proxy';

// Every page and API route under app/, found on disk: a route added without an entry in
// lib/auth/route-access.ts, or that the proxy lets through without a session, fails here.

const APP_DIR = import.meta.dirname;
const METRICS_TOKEN = 'test-metrics-token';

interface FoundRoute {
  file: string;
  /** the URL path, with a sample value for each [param] */
  urlPath: string;
  methods: HttpMethod[];
  isPage: boolean;
}

function urlPathOf(relativeDir: string): string {
  const segments = relativeDir
    .split(path.sep)
    .filter((segment) => segment !== '' && !/^\(.+\)$/.test(segment))
    .map((segment) => (/^\[.+\]$/.test(segment) ? 'sample-1' : segment));
  return `/${segments.join('/')}`;
}

function findRoutes(): FoundRoute[] {
  const files = readdirSync(APP_DIR, { recursive: true, encoding: 'utf8' }).filter((file) => /(^|[/\\])(route\.ts|page\.tsx)$/.test(file));
  return files.map((file) => {
    const isPage = file.endsWith('page.tsx');
    const source = readFileSync(path.join(APP_DIR, file), 'utf8');
    const methods = isPage
      ? (['GET'] as HttpMethod[])
      : [...source.matchAll(/export\s+(?:async\s+function|function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1] as HttpMethod);
    return { file, urlPath: urlPathOf(path.dirname(file)), methods, isPage };
  });
}

const routes = findRoutes();
const endpoints = routes.flatMap((route) => route.methods.map((method) => ({ ...route, method })));

async function send(urlPath: string, method: string, headers: Record<string, string> = {}) {
  return proxy(new NextRequest(`http://refmap.test${urlPath}`, { method, headers }));
}

function isPassedOn(response: Response): boolean {
  return response.headers.get('x-middleware-next') === '1';
}

async function expectEnvelope(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  expect(body.error?.code).toBe(code);
  expect(typeof body.error?.message).toBe('string');
}

beforeAll(() => {
  vi.stubEnv('REFMAP_SESSION_SECRET', TEST_SESSION_SECRET);
  vi.stubEnv('REFMAP_METRICS_TOKEN', METRICS_TOKEN);
});

describe('the route files', () => {
  it('are found, API routes and pages alike', () => {
    expect(routes.some((route) => route.urlPath === '/api/matrix')).toBe(true);
    expect(routes.some((route) => route.isPage && route.urlPath === '/')).toBe(true);
    for (const route of routes.filter((candidate) => !candidate.isPage)) expect(route.methods, route.file).not.toHaveLength(0);
  });

  it.each(endpoints.filter((endpoint) => !endpoint.isPage).map((endpoint) => [`${endpoint.method} ${endpoint.urlPath}`, endpoint] as const))(
    '%s has its own entry in lib/auth/route-access.ts',
    (_name, endpoint) => {
      expect(findRule(endpoint.urlPath)?.methods[endpoint.method], `add ${endpoint.method} ${endpoint.file} to API_ROUTES`).toBeDefined();
    },
  );
});

describe.each(endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.urlPath}`, endpoint] as const))('%s', (_name, endpoint) => {
  const access = accessFor(endpoint.urlPath, endpoint.method);

  if (access.kind === 'public') {
    it('is public: passes without a session', async () => {
      expect(isPassedOn(await send(endpoint.urlPath, endpoint.method))).toBe(true);
    });
    return;
  }

  if (access.kind === 'metrics-token') {
    it('needs the metrics bearer token', async () => {
      await expectEnvelope(await send(endpoint.urlPath, endpoint.method), 401, 'unauthenticated');
      await expectEnvelope(await send(endpoint.urlPath, endpoint.method, { authorization: 'Bearer wrong' }), 401, 'unauthenticated');
      expect(isPassedOn(await send(endpoint.urlPath, endpoint.method, { authorization: `Bearer ${METRICS_TOKEN}` }))).toBe(true);
    });
    return;
  }

  it(endpoint.isPage ? 'redirects to the sign-in page without a session' : 'answers 401 with the envelope without a session', async () => {
    const response = await send(endpoint.urlPath, endpoint.method);
    if (isApiPath(endpoint.urlPath)) {
      await expectEnvelope(response, 401, 'unauthenticated');
    } else {
      expect(response.status).toBe(307);
      expect(response.headers.get('location')).toBe(`http://refmap.test/signin?returnTo=${encodeURIComponent(endpoint.urlPath)}`);
    }
  });

  it('refuses a forged or foreign session like none at all', async () => {
    const foreign = await sessionCookieFor('admin', { secret: 'some-other-secret-of-at-least-32-chars!' });
    const response = await send(endpoint.urlPath, endpoint.method, { cookie: foreign });
    expect(response.status).toBe(isApiPath(endpoint.urlPath) ? 401 : 307);
  });

  const allowed = ROLES.filter((role) => hasPermission([role], access.permission));
  const refused = ROLES.filter((role) => !allowed.includes(role));

  it.each(refused)(`answers 403 to %s (needs ${access.permission})`, async (role) => {
    const response = await send(endpoint.urlPath, endpoint.method, { cookie: await sessionCookieFor(role) });
    if (isApiPath(endpoint.urlPath)) await expectEnvelope(response, 403, 'forbidden');
    else expect(response.status).toBe(403);
  });

  it.each(allowed)('lets %s through', async (role) => {
    expect(isPassedOn(await send(endpoint.urlPath, endpoint.method, { cookie: await sessionCookieFor(role) }))).toBe(true);
  });
});

describe('the proxy', () => {
  it('gives every request an id, passed on to the route and returned', async () => {
    const response = await send('/api/health', 'GET');
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    // NextResponse.next({ request: { headers } }) lists overridden request headers for the route
    expect(response.headers.get('x-middleware-request-x-request-id')).toBe(requestId);
  });

  it('keeps a well-formed request id from the ingress and replaces a malformed one', async () => {
    expect((await send('/api/health', 'GET', { 'x-request-id': 'ingress-0123456789' })).headers.get('x-request-id')).toBe('ingress-0123456789');
    expect((await send('/api/health', 'GET', { 'x-request-id': 'bad id <script>' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets only admins make a change that no entry grants (fail closed)', async () => {
    await expectEnvelope(await send('/api/snapshots/sample-1', 'DELETE', { cookie: await sessionCookieFor('officer') }), 403, 'forbidden');
    expect(isPassedOn(await send('/api/snapshots/sample-1', 'DELETE', { cookie: await sessionCookieFor('admin') }))).toBe(true);
  });

  it('protects a page that does not exist yet like any other', async () => {
    expect((await send('/some/new/page', 'GET')).status).toBe(307);
  });
});
