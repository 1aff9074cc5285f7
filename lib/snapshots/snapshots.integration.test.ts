import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { container, fakeReaders, pod, sourceDown } from '@/lib/catalog/test-readers';
import { readControlDetail } from '@/lib/data/control-detail';
import { NoSuchClusterError, readMatrix } from '@/lib/data/matrix';
import { listSnapshots } from '@/lib/data/snapshots';
import { openDatabase, type Database } from '@/lib/db';
import { createTestDatabase } from '@/lib/testing/postgres';
import { collectSnapshot } from './collect';
import { storeSnapshot } from './store';
import type { CollectionTarget } from './targets';

// Collection and read models against a real PostgreSQL server.

let database: Database;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const testDatabase = await createTestDatabase();
  dropDatabase = testDatabase.drop;
  database = await openDatabase({ databaseUrl: testDatabase.url, dataDir: '/nonexistent' });
});

afterAll(async () => {
  await database?.close();
  await dropDatabase?.();
});

function target(clusterName: string, fake: Parameters<typeof fakeReaders>[0]): CollectionTarget {
  return { clusterName, isDemo: false, createReaders: () => fakeReaders(fake) };
}

describe('snapshots on real Postgres', () => {
  it('records the applied migrations in _prisma_migrations', async () => {
    const rows = await database.prisma.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    expect(rows.length).toBeGreaterThan(0);
  });

  it('stores a collection and serves it as the matrix and a drilldown', async () => {
    const summary = await collectSnapshot(
      database,
      target('alpha', {
        pods: [pod('shop', 'web-1', [container({ runAsNonRoot: true, allowPrivilegeEscalation: false })]), pod('payments', 'api-1', [container({ runAsUser: 0 })])],
        projects: sourceDown('harbor'),
      }),
    );
    expect(summary.sourceErrors).toContainEqual(expect.objectContaining({ source: 'harbor', kind: 'network' }));
    expect(summary.sourceErrors).toContainEqual(expect.objectContaining({ source: 'prometheus', kind: 'not-configured' }));
    const matrix = await readMatrix(database, 'alpha');
    expect(matrix.snapshot.id).toBe(summary.snapshotId);
    expect(matrix.sections.map((section) => section.id)).toEqual(['1', '2', '3', '4', '5']);
    const controls = matrix.sections.flatMap((section) => section.controls);
    expect(controls.find((control) => control.id === 'S5.NON-ROOT')?.status).toBe('fail');
    expect(controls.find((control) => control.id === 'S5.VULN-GATE')?.status).toBe('unknown');
    expect(controls.find((control) => control.id === 'S5.OFFLINE-DEPS')?.status).toBe('manual');

    const detail = await readControlDetail(database, 'alpha', 'S5.NON-ROOT');
    expect(detail.checks[0]?.offenders).toEqual([expect.objectContaining({ object: 'payments/api-1', container: 'app' })]);
    expect(detail.checks[0]?.query).toContain('/api/v1/pods');
    expect(detail.history).toHaveLength(1);
  });

  it('answers as of a time with the snapshot current then', async () => {
    const first = await collectSnapshot(database, target('beta', { pods: [pod('shop', 'web', [container({ runAsUser: 0 })])] }));
    const between = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await collectSnapshot(database, target('beta', { pods: [pod('shop', 'web', [container({ runAsNonRoot: true })])] }));
    expect((await readMatrix(database, 'beta')).snapshot.id).toBe(second.snapshotId);
    expect((await readMatrix(database, 'beta', between)).snapshot.id).toBe(first.snapshotId);
    const listed = await listSnapshots(database, { clusterName: 'beta', limit: 10 });
    expect(listed.map((snapshot) => snapshot.id)).toEqual([second.snapshotId, first.snapshotId]);
    const history = (await readControlDetail(database, 'beta', 'S5.NON-ROOT')).history.map((entry) => entry.status);
    expect(history).toEqual(['pass', 'fail']);
  });

  it('stores nothing when a write fails half-way', async () => {
    const before = await database.prisma.snapshot.count();
    const brokenEvidence = { checkId: 'c', source: 'kubernetes' as const, query: 'q', observedAt: new Date().toISOString(), status: 'pass' as const, summary: 's', excerpt: {}, sha256: 'x'.repeat(65) };
    await expect(
      storeSnapshot(database, {
        clusterName: 'gamma',
        takenAt: new Date(),
        durationMs: 1,
        catalogVersion: 'test',
        refmapVersion: 'test',
        score: 1,
        sourceErrors: [],
        results: [
          { controlId: 'A.ONE', sectionId: '2', status: 'pass', summary: 'ok', evidence: [] },
          { controlId: 'A.TWO', sectionId: '2', status: 'pass', summary: 'ok', evidence: [brokenEvidence] },
        ],
      }),
    ).rejects.toThrow();
    expect(await database.prisma.snapshot.count()).toBe(before);
    expect(await database.prisma.cluster.count({ where: { name: 'gamma' } })).toBe(0);
  });

  it('says so when a cluster does not exist', async () => {
    await expect(readMatrix(database, 'no-such-cluster')).rejects.toBeInstanceOf(NoSuchClusterError);
  });
});
