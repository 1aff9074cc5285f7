import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getAppDatabase } from '@/lib/app-context';
import { sessionCookieFor, TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import { getConfig } from '@/lib/config';
import { openDatabase, type Database } from '@/lib/db';
import { callEndpoint, findApiEndpoints, type ApiEndpoint } from '@/lib/testing/api-routes';
import { createTestDatabase } from '@/lib/testing/postgres';
import { readWhileCollecting } from '@/lib/testing/concurrency-suite';
import { collectAllClusters, type CollectionOutcome } from './scheduler';
import { verifyHistory } from './verify';

// Two app replicas on one real Postgres, the demo cluster as their source: the app's own database
// (route handlers) and a second one opened beside it. Manual triggers (POST /api/snapshots) and
// scheduled runs on both at once leave one scheduled snapshot per interval and never two
// collections at the same time; readers during a collection see the old snapshot or the new one,
// whole.

let replica: Database;
let dropDatabase: () => Promise<void>;
let endpoints: ApiEndpoint[];
let admin: string;

function find(pattern: string, method: string): ApiEndpoint {
  const endpoint = endpoints.find((candidate) => candidate.pattern === pattern && candidate.method === method);
  if (!endpoint) throw new Error(`no ${method} ${pattern}`);
  return endpoint;
}

async function snapshotIds(): Promise<string[]> {
  const rows = await replica.prisma.snapshot.findMany({ where: { cluster: { name: 'demo' } }, orderBy: { sequence: 'asc' }, select: { id: true } });
  return rows.map((row) => row.id);
}

beforeAll(async () => {
  const testDatabase = await createTestDatabase();
  dropDatabase = testDatabase.drop;
  vi.stubEnv('DATABASE_URL', testDatabase.url);
  vi.stubEnv('REFMAP_SESSION_SECRET', TEST_SESSION_SECRET);
  // one interval for the whole test (intervals are aligned to the epoch: no boundary in sight)
  vi.stubEnv('REFMAP_COLLECT_INTERVAL', '3650d');
  endpoints = await findApiEndpoints();
  admin = await sessionCookieFor('admin');
  await getAppDatabase();
  replica = await openDatabase({ databaseUrl: testDatabase.url, dataDir: '/nonexistent' });
}, 120_000);

afterAll(async () => {
  await replica?.close();
  await (await getAppDatabase().catch(() => undefined))?.close();
  await dropDatabase?.();
  vi.unstubAllEnvs();
});

describe('concurrent collections', () => {
  it('leave one scheduled snapshot per interval and run one at a time, whoever triggers them', async () => {
    const config = getConfig();
    const scheduled = (database: Database) => collectAllClusters(database, config, { force: false }).then((outcomes) => outcomes[0]!);
    const manual = () => callEndpoint(find('/api/snapshots', 'POST'), { headers: { cookie: admin } });

    const [posts, scheduledHere, scheduledThere] = await Promise.all([
      Promise.all([manual(), manual(), manual()]),
      Promise.all([scheduled(await getAppDatabase()), scheduled(await getAppDatabase())]),
      Promise.all([scheduled(replica), scheduled(replica), scheduled(replica)]),
    ]);

    // a person asking gets the snapshot, or 409 while the other replica collects
    const collectedByPosts = new Set<string>();
    for (const response of posts) {
      expect([201, 409]).toContain(response.status);
      const body = (await response.json()) as { snapshots?: { id: string }[]; error?: { code: string } };
      if (response.status === 201) body.snapshots?.forEach((snapshot) => collectedByPosts.add(snapshot.id));
      else expect(body.error?.code).toBe('collection_running');
    }
    const outcomes: CollectionOutcome[] = [...scheduledHere, ...scheduledThere];
    for (const outcome of outcomes) expect(outcome.status, outcome.status === 'failed' ? outcome.error.message : '').not.toBe('failed');
    const collectedByScheduler = new Set(outcomes.flatMap((outcome) => (outcome.status === 'collected' ? [outcome.summary.snapshotId] : [])));

    // in-process callers share one running collection: one snapshot per replica at most, and the
    // scheduler adds none once the interval has one
    expect(collectedByPosts.size).toBeLessThanOrEqual(1);
    expect(collectedByScheduler.size).toBeLessThanOrEqual(1);
    const ids = await snapshotIds();
    expect(ids.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ids)).toEqual(new Set([...collectedByPosts, ...collectedByScheduler]));

    // never two at once: each snapshot's collection ended before the next one's began
    const rows = await replica.prisma.snapshot.findMany({ where: { cluster: { name: 'demo' } }, orderBy: { sequence: 'asc' }, select: { takenAt: true, durationMs: true } });
    for (let index = 1; index < rows.length; index++) {
      expect(rows[index]!.takenAt.getTime()).toBeGreaterThanOrEqual(rows[index - 1]!.takenAt.getTime() + rows[index - 1]!.durationMs);
    }

    // later scheduled runs on either replica find this interval's snapshot and skip
    for (const database of [replica, await getAppDatabase()]) expect(await scheduled(database)).toMatchObject({ status: 'skipped', reason: 'collected-this-interval' });
    expect(await snapshotIds()).toEqual(ids);
    expect((await verifyHistory(replica, { clusterName: 'demo' })).problems).toEqual([]);
  }, 120_000);

  it('shows readers the old snapshot or the new one, whole, while collections commit', async () => {
    const config = getConfig();
    const before = await snapshotIds();
    // The other replica's write stalls for a second after inserting the snapshot, its results and
    // evidence, before the section counts and the commit: readers meanwhile must not see it.
    await replica.prisma.$executeRawUnsafe(`CREATE FUNCTION refmap_test_stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(1); RETURN NULL; END $$`);
    await replica.prisma.$executeRawUnsafe('CREATE TRIGGER refmap_test_stall BEFORE INSERT ON snapshot_section FOR EACH STATEMENT EXECUTE FUNCTION refmap_test_stall()');
    let loop;
    try {
      const collections = (async () => {
        for (let index = 0; index < 3; index++) {
          const [outcome] = await collectAllClusters(replica, config, { force: true });
          expect(outcome?.status).toBe('collected');
        }
      })();
      loop = await readWhileCollecting({ matrix: find('/api/matrix', 'GET'), snapshot: find('/api/snapshots/[id]', 'GET') }, admin, collections);
      await collections;
    } finally {
      await replica.prisma.$executeRawUnsafe('DROP TRIGGER refmap_test_stall ON snapshot_section');
      await replica.prisma.$executeRawUnsafe('DROP FUNCTION refmap_test_stall()');
    }
    const after = await snapshotIds();
    expect(after).toHaveLength(before.length + 3);
    // the readers saw the snapshots in the order they were committed, several of them, and nothing else
    expect(loop.reads).toBeGreaterThan(10);
    expect(loop.seen.length).toBeGreaterThanOrEqual(2);
    expect(after.filter((id) => loop.seen.includes(id))).toEqual(loop.seen);
    console.info(`concurrency on PostgreSQL: ${loop.reads} matrix reads during 3 collections, ${loop.seen.length} snapshots seen, each whole`);
  }, 120_000);
});
