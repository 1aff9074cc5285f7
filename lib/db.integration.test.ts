import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getAppDatabase } from '@/lib/app-context';
import { sessionCookieFor, TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import { openDatabaseWithRetry } from '@/lib/db';
import { callEndpoint, findApiEndpoints, urlPathOf, type ApiEndpoint } from '@/lib/testing/api-routes';
import { createTestDatabase } from '@/lib/testing/postgres';
import { startTcpProxy, type TcpProxy } from '@/lib/testing/tcp-proxy';

// The app's own database going away and coming back, with a TCP proxy between the app and a real
// PostgreSQL server that the test cuts and restores: start-up waits for it, and while it is gone
// every API route that needs it answers 503 `database_unavailable` (the health check its own 503),
// quickly, and they all answer normally again once it is back — no restart.

let proxy: TcpProxy;
let dropDatabase: () => Promise<void>;
let endpoints: ApiEndpoint[];
let admin: string;
const snapshotIds: string[] = [];
const startRetries: number[] = [];

// The routes that read the database and must say so when it is gone.
const CORE_READS = ['/api/matrix', '/api/snapshots', '/api/snapshots/[id]', '/api/controls/[id]', '/api/trends'];
const RANGE = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';

function find(pattern: string, method: string): ApiEndpoint {
  const endpoint = endpoints.find((candidate) => candidate.pattern === pattern && candidate.method === method);
  if (!endpoint) throw new Error(`no ${method} ${pattern}`);
  return endpoint;
}

/** A GET with sample params: the newest snapshot, a real control. */
function get(endpoint: ApiEndpoint): Promise<Response> {
  const params = Object.fromEntries(endpoint.paramNames.map((name) => [name, endpoint.pattern.startsWith('/api/controls') ? 'S5.NON-ROOT' : snapshotIds.at(-1)!]));
  return callEndpoint(endpoint, { params, query: RANGE, headers: { cookie: admin } });
}

beforeAll(async () => {
  const testDatabase = await createTestDatabase();
  dropDatabase = testDatabase.drop;
  const url = new URL(testDatabase.url);
  proxy = await startTcpProxy(Number(url.port));
  url.port = String(proxy.port);
  vi.stubEnv('DATABASE_URL', url.toString());
  vi.stubEnv('REFMAP_SESSION_SECRET', TEST_SESSION_SECRET);
  endpoints = await findApiEndpoints();
  admin = await sessionCookieFor('admin');

  // start-up while the database is not reachable yet: it comes up during the second wait
  await proxy.cut();
  await openDatabaseWithRetry(getAppDatabase, {
    attempts: 5,
    firstDelayMs: 100,
    onRetry: ({ attempt }) => {
      startRetries.push(attempt);
      if (attempt === 2) void proxy.restore();
    },
  });

  // two snapshots of the demo cluster, through the route
  for (let index = 0; index < 2; index++) {
    const response = await callEndpoint(find('/api/snapshots', 'POST'), { headers: { cookie: admin } });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { snapshots: { id: string }[] };
    snapshotIds.push(body.snapshots[0]!.id);
  }
}, 120_000);

afterAll(async () => {
  await proxy?.restore();
  await (await getAppDatabase().catch(() => undefined))?.close();
  await proxy?.close();
  await dropDatabase?.();
  vi.unstubAllEnvs();
});

describe('the database going away', () => {
  it('is waited for at start-up, with retries', () => {
    expect(startRetries).toEqual([1, 2]);
  });

  it('makes every API route that needs it answer 503 database_unavailable, quickly, and all recover when it is back', async () => {
    const reads = endpoints.filter((endpoint) => endpoint.method === 'GET');
    const before = new Map<string, number>();
    for (const endpoint of reads) before.set(endpoint.pattern, (await get(endpoint)).status);
    for (const pattern of [...CORE_READS, '/api/health']) expect(before.get(pattern), pattern).toBe(200);
    const matrixBefore = (await (await get(find('/api/matrix', 'GET'))).json()) as { snapshot: { id: string } };

    await proxy.cut();
    const startedAt = Date.now();
    const during = new Map<string, number>();
    for (const endpoint of reads) {
      const response = await get(endpoint);
      during.set(endpoint.pattern, response.status);
      const text = await response.text();
      expect(response.status, `${urlPathOf(endpoint, {})} while the database is gone`).toBeLessThan(response.status === 503 ? 504 : 500);
      if (response.status === 503 && endpoint.pattern !== '/api/health') {
        expect(JSON.parse(text), endpoint.pattern).toEqual({ error: { code: 'database_unavailable', message: expect.any(String) } });
      }
    }
    for (const pattern of CORE_READS) expect(during.get(pattern), pattern).toBe(503);
    const health = await get(find('/api/health', 'GET'));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: { ok: false } });

    // writes too: collecting now and recording a waiver
    const collect = await callEndpoint(find('/api/snapshots', 'POST'), { headers: { cookie: admin } });
    expect(collect.status).toBe(503);
    expect(await collect.json()).toEqual({ error: { code: 'database_unavailable', message: expect.any(String) } });
    const waiver = await callEndpoint(find('/api/waivers', 'POST'), {
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ controlId: 'S5.NON-ROOT', risk: 'One legacy pod runs as root.', reason: 'It is isolated and being replaced.', owner: 'platform team', expiresAt: new Date(Date.now() + 86_400_000).toISOString() }),
    });
    expect(waiver.status).toBe(503);
    // a refused connection is noticed at once, not after a long timeout
    expect(Date.now() - startedAt).toBeLessThan(20_000);

    await proxy.restore();
    for (const endpoint of reads) expect((await get(endpoint)).status, `${endpoint.pattern} after the database came back`).toBe(before.get(endpoint.pattern));
    const matrixAfter = (await (await get(find('/api/matrix', 'GET'))).json()) as { snapshot: { id: string } };
    expect(matrixAfter.snapshot.id).toBe(matrixBefore.snapshot.id);
    expect((await callEndpoint(find('/api/snapshots', 'POST'), { headers: { cookie: admin } })).status).toBe(201);
  }, 120_000);
});
