import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeReaders, sourceDown, type FakeSources } from '@/lib/testing/fake-sources';
import { NoPreviousSnapshotError, NoSuchSnapshotError, diffSnapshots, listSnapshots } from '@/lib/data/snapshots';
import { readRemediationEpisodes, readTimeToRemediate } from '@/lib/data/remediation';
import { readTrends } from '@/lib/data/trends';
import type { Database } from '@/lib/db';
import type { ControlStatus } from '@/lib/evaluate/types';
import { collectCluster, type CollectOptions } from '@/lib/snapshots/scheduler';
import { selectSnapshotsToThin, thinSnapshots } from '@/lib/snapshots/retention';
import { storeSnapshot } from '@/lib/snapshots/store';
import type { CollectionTarget } from '@/lib/snapshots/targets';
import { verifyHistory } from '@/lib/snapshots/verify';
import { builtInCatalog } from '@/lib/catalog';
import { buildCatalog } from '@/lib/catalog/build';
import { HOUR, snapshotOf, storeSeries, TWO_CONTROLS, type ResultSpec } from './history-helpers';

/**
 * The behaviour of stored history, run against both databases Refmap supports: embedded PGlite
 * (history.test.ts) and a real Postgres server (history.integration.test.ts). Every test uses its
 * own cluster, so tests share one database.
 */

export interface OpenedTestDatabase {
  database: Database;
  close(): Promise<void>;
}

// Long enough that two runs of a test never straddle two intervals.
const TEN_YEARS_MS = 10 * 365 * 86_400_000;
const SCHEDULED: CollectOptions = { intervalMs: TEN_YEARS_MS, force: false };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A cluster whose Kubernetes API answers slowly, so that collections overlap. */
function fakeTarget(clusterName: string, fake: FakeSources, delayMs = 0): CollectionTarget {
  return {
    clusterName,
    isDemo: false,
    catalog: buildCatalog(builtInCatalog(), undefined),
    registryHosts: ['harbor.example.com'],
    createReaders: () => {
      const readers = fakeReaders(fake);
      return {
        ...readers,
        pods: async () => {
          await sleep(delayMs);
          return readers.pods();
        },
      };
    },
  };
}

async function snapshotCount(database: Database, clusterName: string): Promise<number> {
  return database.prisma.snapshot.count({ where: { cluster: { name: clusterName } } });
}

export function defineHistoryTests(label: string, openTestDatabase: () => Promise<OpenedTestDatabase>): void {
  describe(`snapshot history on ${label}`, () => {
    let opened: OpenedTestDatabase;
    let database: Database;

    // Starting PGlite and migrating it takes several seconds on a busy machine.
    const HOOK_TIMEOUT_MS = 60_000;

    beforeAll(async () => {
      opened = await openTestDatabase();
      database = opened.database;
    }, HOOK_TIMEOUT_MS);

    afterAll(async () => {
      await opened?.close();
    }, HOOK_TIMEOUT_MS);

    describe('collection', () => {
      it('takes one snapshot when two collectors start together, and none more in the same interval unless forced', async () => {
        const target = fakeTarget('together', { kubernetes: {} }, 300);
        const [first, second, forced] = await Promise.all([
          collectCluster(database, target, SCHEDULED),
          collectCluster(database, target, SCHEDULED),
          collectCluster(database, target, { ...SCHEDULED, force: true }),
        ]);
        expect(first.status).toBe('collected');
        // the others joined the running collection instead of starting their own
        expect(second).toBe(first);
        expect(forced).toBe(first);
        expect(await snapshotCount(database, 'together')).toBe(1);

        const again = await collectCluster(database, target, SCHEDULED);
        expect(again).toMatchObject({ status: 'skipped', reason: 'collected-this-interval' });
        expect(await snapshotCount(database, 'together')).toBe(1);

        expect(await collectCluster(database, target, { ...SCHEDULED, force: true })).toMatchObject({ status: 'collected' });
        expect(await snapshotCount(database, 'together')).toBe(2);
      });

      it('records a failing source on the snapshot and still stores it', async () => {
        const down = sourceDown('harbor');
        const outcome = await collectCluster(
          database,
          fakeTarget('harbor-down', { kubernetes: {}, harbor: { health: down, systemInfo: down, scanners: down, projects: down, artifacts: down, cveAllowlist: down } }),
          SCHEDULED,
        );
        expect(outcome.status).toBe('collected');
        const [listed] = await listSnapshots(database, { clusterName: 'harbor-down', limit: 10 });
        expect(listed?.sourceErrors).toContainEqual(expect.objectContaining({ source: 'harbor', kind: 'network', message: expect.stringContaining('ECONNREFUSED') }));
        expect(listed?.sourceErrors).toContainEqual(expect.objectContaining({ source: 'prometheus', kind: 'not-configured' }));
      });

      it('leaves no trace of a snapshot whose write crashes half-way', async () => {
        const before = {
          bodies: await database.prisma.evidenceBody.count(),
          results: await database.prisma.controlResult.count(),
          evidence: await database.prisma.evidence.count(),
        };
        // The section counts are written last, after the snapshot, bodies, results and evidence.
        await database.prisma.$executeRawUnsafe(
          `CREATE FUNCTION refmap_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash half-way through the write'; END $$`,
        );
        await database.prisma.$executeRawUnsafe('CREATE TRIGGER refmap_test_crash BEFORE INSERT ON snapshot_section FOR EACH ROW EXECUTE FUNCTION refmap_test_crash()');
        try {
          const outcome = await collectCluster(database, fakeTarget('crashing', { kubernetes: {} }), SCHEDULED);
          expect(outcome).toMatchObject({ status: 'failed', error: expect.objectContaining({ message: expect.stringContaining('simulated crash') }) });
        } finally {
          await database.prisma.$executeRawUnsafe('DROP TRIGGER refmap_test_crash ON snapshot_section');
          await database.prisma.$executeRawUnsafe('DROP FUNCTION refmap_test_crash()');
        }
        expect(await database.prisma.cluster.count({ where: { name: 'crashing' } })).toBe(0);
        expect(await database.prisma.evidenceBody.count()).toBe(before.bodies);
        expect(await database.prisma.controlResult.count()).toBe(before.results);
        expect(await database.prisma.evidence.count()).toBe(before.evidence);
        // and the next collection of that cluster starts its chain at #1
        const next = await collectCluster(database, fakeTarget('crashing', { kubernetes: {} }), SCHEDULED);
        expect(next.status === 'collected' && next.summary.sequence).toBe(1);
      });
    });

    describe('storage', () => {
      it('stores unchanged evidence once across 100 snapshots', async () => {
        const bodiesBefore = await database.prisma.evidenceBody.count();
        await storeSeries(database, 'steady', 100, () => [
          { controlId: 'T.A', sectionId: '2', status: 'pass', content: 'steady' },
          { controlId: 'T.B', sectionId: '2', status: 'fail', content: 'steady' },
          { controlId: 'T.C', sectionId: '5', status: 'warn', content: 'steady' },
        ]);
        // 3 controls × 2 checks: 6 distinct bodies, referenced by 600 evidence rows
        expect(await database.prisma.evidenceBody.count()).toBe(bodiesBefore + 6);
        expect(await database.prisma.evidence.count({ where: { controlResult: { snapshot: { cluster: { name: 'steady' } } } } })).toBe(600);
        expect((await verifyHistory(database, { clusterName: 'steady' })).isIntact).toBe(true);
      });

      it('adds no evidence body when an unchanged cluster is collected again', async () => {
        const target = fakeTarget('unchanged', {});
        await collectCluster(database, target, { ...SCHEDULED, force: true });
        const bodies = await database.prisma.evidenceBody.count();
        await collectCluster(database, target, { ...SCHEDULED, force: true });
        expect(await snapshotCount(database, 'unchanged')).toBe(2);
        expect(await database.prisma.evidenceBody.count()).toBe(bodies);
      });
    });

    describe('verify', () => {
      it('accepts an intact chain, signed or not, and checks signatures against a trusted key', async () => {
        const { privateKey, publicKey } = generateKeyPairSync('ed25519');
        const signingKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
        const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
        for (let index = 0; index < 3; index++) {
          await storeSnapshot(database, snapshotOf('signed', new Date(Date.UTC(2026, 0, 1, index)), TWO_CONTROLS('pass', `v${index}`)), { signingKeyPem });
        }
        const report = await verifyHistory(database, { clusterName: 'signed', trustedPublicKeyPem: publicKeyPem });
        expect(report.problems).toEqual([]);
        expect(report.clusters).toEqual([expect.objectContaining({ cluster: 'signed', snapshots: 3, signed: 3, head: expect.objectContaining({ sequence: 3 }) })]);

        const otherKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
        expect((await verifyHistory(database, { clusterName: 'signed', trustedPublicKeyPem: otherKey })).problems[0]?.what).toContain('signed by a key other than the trusted one');

        // rewriting a manifest hash consistently down the chain still fails: the signature does not follow
        const [head] = await database.prisma.snapshot.findMany({ where: { cluster: { name: 'signed' } }, orderBy: { sequence: 'desc' }, take: 1, select: { id: true } });
        await database.prisma.$executeRaw`UPDATE snapshot SET manifest_hash = ${'0'.repeat(64)} WHERE id = ${head!.id}::uuid`;
        const tampered = await verifyHistory(database, { clusterName: 'signed' });
        expect(tampered.isIntact).toBe(false);
        expect(tampered.problems.map((problem) => problem.what)).toContainEqual(expect.stringContaining('signature does not verify'));
      });

      it('names the snapshot when a single byte of a result was edited', async () => {
        const ids = await storeSeries(database, 'edited-result', 3, (index) => TWO_CONTROLS('fail', `r${index}`));
        expect((await verifyHistory(database, { clusterName: 'edited-result' })).isIntact).toBe(true);
        await database.prisma.$executeRaw`UPDATE control_result SET summary = 'X' || substr(summary, 2) WHERE snapshot_id = ${ids[1]}::uuid AND control_id = 'T.A'`;
        const report = await verifyHistory(database, { clusterName: 'edited-result' });
        expect(report.isIntact).toBe(false);
        expect(report.problems[0]).toMatchObject({ cluster: 'edited-result', snapshotId: ids[1], sequence: 2, what: expect.stringContaining('control result T.A') });
        // checking just that snapshot finds it too; checking another does not
        expect((await verifyHistory(database, { snapshotId: ids[1] })).problems[0]?.snapshotId).toBe(ids[1]);
        expect((await verifyHistory(database, { snapshotId: ids[2] })).isIntact).toBe(true);
      });

      it('names the first snapshot using an evidence body of which a single byte was edited', async () => {
        const ids = await storeSeries(database, 'edited-body', 4, (index) => TWO_CONTROLS('pass', index === 0 ? 'before' : 'after'));
        const body = await database.prisma.evidenceBody.findFirstOrThrow({ where: { json: { contains: '"seen":"after"' }, evidence: { some: { controlResult: { snapshot: { cluster: { name: 'edited-body' } } } } } }, select: { sha256: true } });
        await database.prisma.$executeRaw`UPDATE evidence_body SET json = replace(json, '"seen":"after"', '"seen":"aftex"') WHERE sha256 = ${body.sha256}`;
        const report = await verifyHistory(database, { clusterName: 'edited-body' });
        expect(report.problems[0]).toMatchObject({ snapshotId: ids[1], sequence: 2, what: expect.stringContaining('no longer hashes to its address') });
      });

      it('names the gap when a snapshot was deleted', async () => {
        const ids = await storeSeries(database, 'deleted', 4, (index) => TWO_CONTROLS('pass', `d${index}`));
        await database.prisma.$executeRaw`DELETE FROM snapshot WHERE id = ${ids[1]}::uuid`;
        const report = await verifyHistory(database, { clusterName: 'deleted' });
        expect(report.problems[0]).toMatchObject({ cluster: 'deleted', snapshotId: ids[2], sequence: 3, what: expect.stringContaining('snapshot #2 is missing') });
      });
    });

    describe('retention', () => {
      it('thins old snapshots to tombstones, drops unreferenced bodies, and the chain still verifies', async () => {
        const now = new Date();
        const policy = { isEnabled: true, hourlyForMs: 1 * 86_400_000, dailyForMs: 5 * 86_400_000 };
        // every 5 hours for 20 days, then every 10 minutes in the last hour; one body per snapshot is unique
        const times = [
          ...Array.from({ length: 96 }, (_, index) => new Date(now.getTime() - (20 * 86_400_000 - index * 5 * HOUR))),
          ...Array.from({ length: 6 }, (_, index) => new Date(now.getTime() - HOUR + index * 10 * 60_000)),
        ];
        const ids: string[] = [];
        for (const [index, takenAt] of times.entries()) {
          const specs: ResultSpec[] = [
            { controlId: 'T.A', sectionId: '2', status: 'pass', content: 'shared' },
            { controlId: 'T.B', sectionId: '2', status: 'pass', content: `unique-${index}` },
          ];
          ids.push((await storeSnapshot(database, snapshotOf('thinned', takenAt, specs))).id);
        }
        // every snapshot has the same statuses: only the first counts as a change
        const expected = selectSnapshotsToThin(ids.map((id, index) => ({ id, takenAt: times[index]!, statuses: 'unchanged' })), policy, now);
        expect(expected.length).toBeGreaterThan(50);
        const bodiesBefore = await database.prisma.evidenceBody.count();

        expect(await thinSnapshots(database, 'thinned', policy, now)).toBe(expected.length);
        expect(await snapshotCount(database, 'thinned')).toBe(ids.length - expected.length);
        expect(await database.prisma.snapshotTombstone.count({ where: { cluster: { name: 'thinned' } } })).toBe(expected.length);
        // each thinned snapshot took its two unique bodies (T.B's two checks) with it
        expect(await database.prisma.evidenceBody.count()).toBe(bodiesBefore - 2 * expected.length);
        expect(await thinSnapshots(database, 'thinned', policy, now)).toBe(0);

        const report = await verifyHistory(database, { clusterName: 'thinned', retention: policy });
        expect(report.problems).toEqual([]);
        expect(report.clusters[0]).toMatchObject({ snapshots: ids.length - expected.length, tombstones: expected.length });

        // new snapshots link to the head as before
        await storeSnapshot(database, snapshotOf('thinned', new Date(), TWO_CONTROLS('pass')));
        expect((await verifyHistory(database, { clusterName: 'thinned', retention: policy })).isIntact).toBe(true);

        // deleting a kept snapshot outside retention is still caught
        const kept = ids.filter((id) => !expected.includes(id));
        await database.prisma.$executeRaw`DELETE FROM snapshot WHERE id = ${kept[2]}::uuid`;
        const broken = await verifyHistory(database, { clusterName: 'thinned', retention: policy });
        // the gap, and the tombstones that now look like the newest of their week
        expect(broken.problems.map((problem) => problem.what)).toContainEqual(expect.stringMatching(/snapshot #\d+ is missing/));
      });
    });

    describe('read models', () => {
      it('diffs two snapshots: controls whose status changed, evidence whose content changed', async () => {
        const [first, second] = await storeSeries(database, 'diffed', 2, (index) => [
          { controlId: 'T.A', sectionId: '2', status: index === 0 ? 'pass' : 'fail', content: `a${index}` },
          { controlId: 'T.B', sectionId: '4', status: 'fail', content: 'b' },
        ]);
        const diff = await diffSnapshots(database, second!);
        expect(diff.against.id).toBe(first);
        expect(diff.controls).toEqual([{ controlId: 'T.A', sectionId: '2', title: 'T.A', before: 'pass', after: 'fail', summary: 'T.A is fail' }]);
        // T.B was observed again, later, but saw the same: not a change
        expect(diff.evidence.map((item) => `${item.controlId}/${item.checkId}`)).toEqual(['T.A/c1', 'T.A/c2']);
        expect(diff.evidence[0]?.before).not.toBe(diff.evidence[0]?.after);

        const reversed = await diffSnapshots(database, first!, second!);
        expect(reversed.controls[0]).toMatchObject({ before: 'fail', after: 'pass' });
        await expect(diffSnapshots(database, first!)).rejects.toBeInstanceOf(NoPreviousSnapshotError);
        await expect(diffSnapshots(database, '00000000-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(NoSuchSnapshotError);
      });

      it('gives the score per section and bucket from the stored counts', async () => {
        const series: [string, ResultSpec[]][] = [
          ['2026-03-01T10:00:00Z', [{ controlId: 'T.A', sectionId: '2', status: 'pass' }, { controlId: 'T.B', sectionId: '2', status: 'fail' }, { controlId: 'T.C', sectionId: '4', status: 'pass' }]],
          ['2026-03-01T11:00:00Z', [{ controlId: 'T.A', sectionId: '2', status: 'pass' }, { controlId: 'T.B', sectionId: '2', status: 'pass' }, { controlId: 'T.C', sectionId: '4', status: 'fail' }]],
          ['2026-03-02T10:00:00Z', [{ controlId: 'T.A', sectionId: '2', status: 'fail' }, { controlId: 'T.B', sectionId: '2', status: 'fail' }, { controlId: 'T.C', sectionId: '4', status: 'manual' }]],
        ];
        for (const [time, specs] of series) await storeSnapshot(database, snapshotOf('trending', new Date(time), specs));
        const range = { clusterName: 'trending', from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') };

        const daily = await readTrends(database, { ...range, bucket: 'day' });
        const section = (id: string) => daily.sections.find((candidate) => candidate.id === id)?.points;
        expect(section('2')).toEqual([
          { at: '2026-03-01T00:00:00.000Z', score: 0.75, pass: 3, fail: 1, warn: 0, unknown: 0, snapshots: 2 },
          { at: '2026-03-02T00:00:00.000Z', score: 0, pass: 0, fail: 2, warn: 0, unknown: 0, snapshots: 1 },
        ]);
        // a section where nothing counts (manual only) has no score, not zero
        expect(section('4')?.map((point) => point.score)).toEqual([0.5, null]);
        expect(section('1')).toEqual([]);
        expect(daily.overall.map((point) => point.score)).toEqual([4 / 6, 0]);

        const hourly = await readTrends(database, { ...range, sectionId: '2', bucket: 'hour' });
        expect(hourly.sections.map((candidate) => candidate.id)).toEqual(['2']);
        expect(hourly.sections[0]?.points.map((point) => [point.at, point.score])).toEqual([
          ['2026-03-01T10:00:00.000Z', 0.5],
          ['2026-03-01T11:00:00.000Z', 1],
          ['2026-03-02T10:00:00.000Z', 0],
        ]);
        expect(daily.remediation).toEqual([
          { controlId: 'T.A', sectionId: '2', remediated: 0, meanSeconds: null, maxSeconds: null, failingSince: '2026-03-02T10:00:00.000Z' },
          { controlId: 'T.B', sectionId: '2', remediated: 1, meanSeconds: 3600, maxSeconds: 3600, failingSince: '2026-03-02T10:00:00.000Z' },
          { controlId: 'T.C', sectionId: '4', remediated: 0, meanSeconds: null, maxSeconds: null, failingSince: '2026-03-01T11:00:00.000Z' },
        ]);
      });

      it('measures time to remediate from the first fail to the next pass', async () => {
        const statuses: ControlStatus[] = ['pass', 'fail', 'unknown', 'fail', 'pass', 'warn', 'pass', 'fail'];
        await storeSeries(database, 'remediating', statuses.length, (index) => [{ controlId: 'T.A', sectionId: '2', status: statuses[index]! }]);
        const at = (hour: number) => new Date(Date.UTC(2026, 0, 1, hour)).toISOString();
        expect(await readRemediationEpisodes(database, { clusterName: 'remediating', controlId: 'T.A' })).toEqual([
          { controlId: 'T.A', sectionId: '2', failedAt: at(1), fixedAt: at(4), seconds: 3 * 3600 },
          { controlId: 'T.A', sectionId: '2', failedAt: at(7), fixedAt: null, seconds: null },
        ]);
        expect(await readTimeToRemediate(database, { clusterName: 'remediating' })).toEqual([
          { controlId: 'T.A', sectionId: '2', remediated: 1, meanSeconds: 3 * 3600, maxSeconds: 3 * 3600, failingSince: at(7) },
        ]);
      });

      it('counts the failures that began in a range, from their real start, fixed within it or after it', async () => {
        const statuses: ControlStatus[] = ['pass', 'fail', 'unknown', 'fail', 'pass', 'warn', 'pass', 'fail'];
        await storeSeries(database, 'ranged', statuses.length, (index) => [{ controlId: 'T.A', sectionId: '2', status: statuses[index]! }]);
        const at = (hour: number) => new Date(Date.UTC(2026, 0, 1, hour));
        const episodes = (from: number, to: number) => readRemediationEpisodes(database, { clusterName: 'ranged', from: at(from), to: at(to) });
        // began at 1, fixed at 4: in a range that ends before the fix, still with its fix
        expect(await episodes(1, 2)).toEqual([{ controlId: 'T.A', sectionId: '2', failedAt: at(1).toISOString(), fixedAt: at(4).toISOString(), seconds: 3 * 3600 }]);
        // the fail at 3 continues the failure that began at 1 (the unknown between them decides nothing)
        expect(await episodes(2, 6)).toEqual([]);
        expect(await episodes(3, 7)).toEqual([{ controlId: 'T.A', sectionId: '2', failedAt: at(7).toISOString(), fixedAt: null, seconds: null }]);
      });
    });
  });
}
