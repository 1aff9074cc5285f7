import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getAppDatabase } from '@/lib/app-context';
import { sessionCookieFor, TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import { getConfig } from '@/lib/config';
import { callEndpoint, findApiEndpoints, type ApiEndpoint } from '@/lib/testing/api-routes';
import { readWhileCollecting } from '@/lib/testing/concurrency-suite';
import { collectAllClusters } from './scheduler';

// The embedded database has one connection for everything: pages and API reading it while a
// collection writes through the same connection must still see one whole snapshot, old or new.
// (Two replicas and scheduled runs: concurrency.integration.test.ts, on real Postgres.)

const dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-concurrency-'));
let endpoints: ApiEndpoint[];
let admin: string;

function find(pattern: string, method: string): ApiEndpoint {
  const endpoint = endpoints.find((candidate) => candidate.pattern === pattern && candidate.method === method);
  if (!endpoint) throw new Error(`no ${method} ${pattern}`);
  return endpoint;
}

beforeAll(async () => {
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('REFMAP_DATA_DIR', dataDir);
  vi.stubEnv('REFMAP_SESSION_SECRET', TEST_SESSION_SECRET);
  endpoints = await findApiEndpoints();
  admin = await sessionCookieFor('admin');
  expect((await callEndpoint(find('/api/snapshots', 'POST'), { headers: { cookie: admin } })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await (await getAppDatabase()).close();
  rmSync(dataDir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

describe('reading the embedded database during collections', () => {
  it('shows the old snapshot or the new one, whole', async () => {
    const database = await getAppDatabase();
    const collections = (async () => {
      for (let index = 0; index < 3; index++) {
        const [outcome] = await collectAllClusters(database, getConfig(), { force: true });
        expect(outcome?.status).toBe('collected');
      }
    })();
      const loop = await readWhileCollecting({ matrix: find('/api/matrix', 'GET'), snapshot: find('/api/snapshots/[id]', 'GET') }, admin, collections);
    await collections;
    const ids = (await database.prisma.snapshot.findMany({ orderBy: { sequence: 'asc' }, select: { id: true } })).map((row) => row.id);
    expect(ids).toHaveLength(4);
    expect(loop.reads).toBeGreaterThan(5);
    expect(ids.filter((id) => loop.seen.includes(id))).toEqual(loop.seen);
    console.info(`concurrency on embedded PGlite: ${loop.reads} matrix reads during 3 collections, ${loop.seen.length} snapshots seen, each whole`);
  }, 120_000);
});
