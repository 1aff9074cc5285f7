import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { container, fakeReaders, pod, sourceDown, type FakeSources } from '@/lib/testing/fake-sources';
import { readControlDetail } from '@/lib/data/control-detail';
import { NoSuchClusterError, readMatrix } from '@/lib/data/matrix';
import { listSnapshots, readSnapshot } from '@/lib/data/snapshots';
import { openDatabase, type Database } from '@/lib/db';
import { createTestDatabase } from '@/lib/testing/postgres';
import { collectSnapshot } from './collect';
import { advisoryLockKey } from './lock-keys';
import { collectCluster, type CollectOptions } from './scheduler';
import type { CollectionTarget } from './targets';
import { verifyHistory } from './verify';
import { builtInCatalog } from '@/lib/catalog';
import { buildCatalog } from '@/lib/catalog/build';

// Collection, read models and cross-process coordination against a real PostgreSQL server.
// (history.integration.test.ts runs the engine-independent history tests here too.)

let databaseUrl: string;
let database: Database;
// a second app replica: its own connection pool and sessions on the same database
let replica: Database;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const testDatabase = await createTestDatabase();
  databaseUrl = testDatabase.url;
  dropDatabase = testDatabase.drop;
  database = await openDatabase({ databaseUrl, dataDir: '/nonexistent' });
  replica = await openDatabase({ databaseUrl, dataDir: '/nonexistent' });
});

afterAll(async () => {
  await replica?.close();
  await database?.close();
  await dropDatabase?.();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SCHEDULED: CollectOptions = { intervalMs: 10 * 365 * 86_400_000, force: false };

function target(clusterName: string, fake: FakeSources, delayMs = 0): CollectionTarget {
  return {
    clusterName,
    isDemo: false,
    catalog: buildCatalog(builtInCatalog(), undefined),
    registryHosts: ['harbor.example.com'],
    createReaders: () => {
      const readers = fakeReaders(fake);
      return { ...readers, pods: () => sleep(delayMs).then(() => readers.pods()) };
    },
  };
}

async function snapshotCount(clusterName: string): Promise<number> {
  return database.prisma.snapshot.count({ where: { cluster: { name: clusterName } } });
}

describe('snapshots on real Postgres', () => {
  it('records the applied migrations in _prisma_migrations', async () => {
    const rows = await database.prisma.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    expect(rows.map((row) => row.migration_name)).toContain('20261201090000_tamper_evident_history');
  });

  it('stores a collection and serves it as the matrix, a drilldown and one snapshot', async () => {
    const summary = await collectSnapshot(
      database,
      target('alpha', {
        kubernetes: { pods: [pod('shop', 'web-1', [container({ runAsNonRoot: true, allowPrivilegeEscalation: false })]), pod('payments', 'api-1', [container({ runAsUser: 0 })])] },
        harbor: { projects: sourceDown('harbor') },
      }),
    );
    expect(summary.sourceErrors).toContainEqual(expect.objectContaining({ source: 'harbor', kind: 'network' }));
    expect(summary.sourceErrors).toContainEqual(expect.objectContaining({ source: 'prometheus', kind: 'not-configured' }));
    expect(summary.sequence).toBe(1);
    const matrix = await readMatrix(database, 'alpha');
    expect(matrix.snapshot.id).toBe(summary.snapshotId);
    expect(matrix.sections.map((section) => section.id)).toEqual(['1', '2', '3', '4', '5']);
    const controls = matrix.sections.flatMap((section) => section.controls);
    expect(controls.find((control) => control.id === 'S5.NON-ROOT')?.status).toBe('fail');
    expect(controls.find((control) => control.id === 'S5.VULN-GATE')?.status).toBe('unknown');

    const detail = await readControlDetail(database, 'alpha', 'S5.NON-ROOT');
    expect(detail.checks[0]?.offenders).toEqual([expect.objectContaining({ object: 'payments/api-1', container: 'app' })]);
    expect(detail.checks[0]?.query).toContain('/api/v1/pods');
    expect(detail.checks[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.history).toHaveLength(1);

    const snapshot = await readSnapshot(database, summary.snapshotId);
    expect(snapshot).toMatchObject({ cluster: 'alpha', sequence: 1, manifestHash: summary.manifestHash, previousManifestHash: null, isSigned: false });
    expect(snapshot.results.length).toBe(summary.results.length);
    expect(snapshot.sections.reduce((total, section) => total + section.pass + section.fail + section.warn + section.unknown + section.manual + section.notApplicable, 0)).toBe(summary.results.length);
    expect(snapshot.results.find((result) => result.controlId === 'S5.NON-ROOT')?.evidence[0]).toMatchObject({ source: 'kubernetes', status: 'fail', contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await verifyHistory(database, { clusterName: 'alpha' })).isIntact).toBe(true);
  });

  it('answers as of a time with the snapshot current then', async () => {
    const first = await collectSnapshot(database, target('beta', { kubernetes: { pods: [pod('shop', 'web', [container({ runAsUser: 0 })])] } }));
    const between = new Date();
    await sleep(20);
    const second = await collectSnapshot(database, target('beta', { kubernetes: { pods: [pod('shop', 'web', [container({ runAsNonRoot: true })])] } }));
    expect((await readMatrix(database, 'beta')).snapshot.id).toBe(second.snapshotId);
    expect((await readMatrix(database, 'beta', between)).snapshot.id).toBe(first.snapshotId);
    const listed = await listSnapshots(database, { clusterName: 'beta', limit: 10 });
    expect(listed.map((snapshot) => [snapshot.id, snapshot.sequence])).toEqual([
      [second.snapshotId, 2],
      [first.snapshotId, 1],
    ]);
    const history = (await readControlDetail(database, 'beta', 'S5.NON-ROOT')).history.map((entry) => entry.status);
    expect(history).toEqual(['pass', 'fail']);
  });

  it('says so when a cluster does not exist', async () => {
    await expect(readMatrix(database, 'no-such-cluster')).rejects.toBeInstanceOf(NoSuchClusterError);
  });
});

describe('several replicas on one Postgres', () => {
  it('take one snapshot between them when they collect the same cluster at once', async () => {
    const slow = target('replicated', { kubernetes: {} }, 500);
    const scheduled = await Promise.all([collectCluster(database, slow, SCHEDULED), collectCluster(replica, slow, SCHEDULED)]);
    expect(scheduled.map((outcome) => outcome.status).sort()).toEqual(['collected', 'skipped']);
    expect(await snapshotCount('replicated')).toBe(1);

    // asked by a person on both replicas at once: still never two at the same time
    const forced = await Promise.all([collectCluster(database, slow, { ...SCHEDULED, force: true }), collectCluster(replica, slow, { ...SCHEDULED, force: true })]);
    expect(forced.map((outcome) => (outcome.status === 'skipped' ? outcome.reason : outcome.status)).sort()).toEqual(['collected', 'running-elsewhere']);
    expect(await snapshotCount('replicated')).toBe(2);
    expect((await verifyHistory(database, { clusterName: 'replicated' })).isIntact).toBe(true);
  });

  it('skip a cluster while another process holds its collection lock, and collect once it is free', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = replica.tryWithAdvisoryLock(advisoryLockKey('collect', 'locked'), () => held);
    await sleep(100);
    expect(await collectCluster(database, target('locked', {}), SCHEDULED)).toMatchObject({ status: 'skipped', reason: 'running-elsewhere' });
    release();
    expect(await holder).toEqual({ acquired: true, value: undefined });
    expect(await collectCluster(database, target('locked', {}), SCHEDULED)).toMatchObject({ status: 'collected' });
  });

  it('keep nothing of a snapshot whose writing process is killed mid-write', async () => {
    const bodiesBefore = await database.prisma.evidenceBody.count();
    // The write stalls on its last insert until the test has killed the writer; Postgres then sees
    // the dead client (client_connection_check_interval) and rolls the transaction back.
    await database.prisma.$executeRawUnsafe(`CREATE FUNCTION refmap_test_stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$`);
    await database.prisma.$executeRawUnsafe('CREATE TRIGGER refmap_test_stall BEFORE INSERT ON snapshot_section FOR EACH ROW EXECUTE FUNCTION refmap_test_stall()');
    const databaseName = new URL(databaseUrl).pathname.slice(1);
    await database.prisma.$executeRawUnsafe(`ALTER DATABASE ${databaseName} SET client_connection_check_interval = '100ms'`);
    try {
      const root = path.resolve(import.meta.dirname, '../..');
      // node itself with tsx as a loader (the tsx command would run it in a child we could not kill)
      const writer = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/testing/fixtures/write-snapshot.ts', databaseUrl, 'killed-writer'], {
        cwd: root,
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => writer.once('exit', resolve));
      const stalledPid = await waitFor(async () => {
        const rows = await database.prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`;
        return rows[0]?.pid;
      });
      writer.kill('SIGKILL');
      await exited;
      await waitFor(async () => {
        const rows = await database.prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE pid = ${stalledPid}`;
        return rows.length === 0 ? true : undefined;
      });
    } finally {
      await database.prisma.$executeRawUnsafe(`ALTER DATABASE ${databaseName} RESET client_connection_check_interval`);
      await database.prisma.$executeRawUnsafe('DROP TRIGGER refmap_test_stall ON snapshot_section');
      await database.prisma.$executeRawUnsafe('DROP FUNCTION refmap_test_stall()');
    }
    expect(await database.prisma.cluster.count({ where: { name: 'killed-writer' } })).toBe(0);
    expect(await database.prisma.evidenceBody.count()).toBe(bodiesBefore);
  });
});

/** Polls until `probe` returns a value (at most 30 s). */
async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(100);
  }
}
