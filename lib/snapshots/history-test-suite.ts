import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeReaders, sourceDown, type FakeSources } from '@/lib/catalog/test-readers';
import { NoPreviousSnapshotError, NoSuchSnapshotError, diffSnapshots, listSnapshots } from '@/lib/data/snapshots';
import { readRemediationEpisodes, readTimeToRemediate } from '@/lib/data/remediation';
import { readTrends } from '@/lib/data/trends';
import type { Database } from '@/lib/db';
import { computeScore } from '@/lib/evaluate/score';
import type { ControlResult, ControlStatus } from '@/lib/evaluate/types';
import { collectCluster, type CollectOptions } from './scheduler';
import { selectSnapshotsToThin, thinSnapshots } from './retention';
import { storeSnapshot, type SnapshotToStore } from './store';
import type { CollectionTarget } from './targets';
import { verifyHistory } from './verify';
import { readChainHeads } from './chain-head';
import { buildCatalog } from '@/lib/catalog/catalog-file';

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
const HOUR = 3_600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A cluster whose Kubernetes API answers slowly, so that collections overlap. */
function fakeTarget(clusterName: string, fake: FakeSources, delayMs = 0): CollectionTarget {
  return {
    clusterName,
    isDemo: false,
    catalog: buildCatalog(undefined),
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

interface ResultSpec {
  controlId: string;
  sectionId: string;
  status: ControlStatus;
  /** what the check saw; equal content → equal evidence body */
  content?: string;
}

/** Hand-made results: two pieces of evidence per control, whose excerpt names the cluster. */
function results(clusterName: string, specs: ResultSpec[], observedAt: Date): ControlResult[] {
  return specs.map((spec) => ({
    controlId: spec.controlId,
    sectionId: spec.sectionId,
    status: spec.status,
    summary: `${spec.controlId} is ${spec.status}`,
    evidence: ['c1', 'c2'].map((checkId) => ({
      checkId,
      source: 'kubernetes' as const,
      query: `/api/v1/${checkId}`,
      observedAt: observedAt.toISOString(),
      status: spec.status,
      summary: `${checkId} saw ${spec.content ?? spec.status}`,
      excerpt: { cluster: clusterName, control: spec.controlId, seen: spec.content ?? spec.status },
      sha256: '', // storeSnapshot hashes evidence itself
    })),
  }));
}

function snapshotOf(clusterName: string, takenAt: Date, specs: ResultSpec[]): SnapshotToStore {
  const stored = results(clusterName, specs, takenAt);
  return {
    clusterName,
    takenAt,
    durationMs: 5,
    catalogVersion: 'test',
    refmapVersion: 'test',
    score: computeScore(stored.map((result) => result.status)),
    sourceErrors: [],
    results: stored,
  };
}

const TWO_CONTROLS = (status: ControlStatus, content = 'same'): ResultSpec[] => [
  { controlId: 'T.A', sectionId: '2', status, content },
  { controlId: 'T.B', sectionId: '4', status: 'pass', content },
];

async function storeSeries(database: Database, clusterName: string, count: number, specsOf: (index: number) => ResultSpec[], start = new Date('2026-01-01T00:00:00Z'), stepMs = HOUR) {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const stored = await storeSnapshot(database, snapshotOf(clusterName, new Date(start.getTime() + index * stepMs), specsOf(index)));
    ids.push(stored.id);
  }
  return ids;
}

/** Lists a snapshot as the sealing migration would have, bypassing the trigger that freezes the list. */
async function listAsLegacy(database: Database, snapshotId: string): Promise<void> {
  await database.prisma.$transaction([
    database.prisma.$executeRaw`ALTER TABLE legacy_unsealed_snapshot DISABLE TRIGGER legacy_unsealed_snapshot_frozen`,
    database.prisma.$executeRaw`INSERT INTO legacy_unsealed_snapshot (snapshot_id) VALUES (${snapshotId}::uuid)`,
    database.prisma.$executeRaw`ALTER TABLE legacy_unsealed_snapshot ENABLE TRIGGER legacy_unsealed_snapshot_frozen`,
  ]);
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

      it('leaves the snapshots the sealing migration listed unchecked, and names every other unsealed one', async () => {
        const insertUnsealed = async (takenAt: string) => {
          const [row] = await database.prisma.$queryRaw<{ id: string }[]>`
            INSERT INTO snapshot (id, cluster_id, taken_at, duration_ms, catalog_version, refmap_version, score, source_errors)
            SELECT gen_random_uuid(), id, ${new Date(takenAt)}, 1, 'old', 'old', NULL, '[]'::jsonb FROM cluster WHERE name = 'legacy' RETURNING id`;
          return row!.id;
        };
        await database.prisma.cluster.create({ data: { name: 'legacy' } });
        const legacyId = await insertUnsealed('2025-12-31T00:00:00Z');
        await listAsLegacy(database, legacyId); // as the sealing migration lists an older snapshot
        await storeSeries(database, 'legacy', 2, (index) => TWO_CONTROLS('pass', `l${index}`));
        const report = await verifyHistory(database, { clusterName: 'legacy' });
        expect(report.problems).toEqual([]);
        expect(report.clusters[0]).toMatchObject({ snapshots: 2, unsealed: 1 });

        // an unsealed snapshot older than every sealed one is not exempt either
        const added = await insertUnsealed('2025-06-01T00:00:00Z');
        expect((await verifyHistory(database, { clusterName: 'legacy' })).problems).toEqual([
          expect.objectContaining({ snapshotId: added, what: expect.stringContaining('its seal was removed') }),
        ]);
        // and the list of legacy snapshots cannot be extended, changed or emptied
        await expect(database.prisma.$executeRaw`INSERT INTO legacy_unsealed_snapshot (snapshot_id) VALUES (${added}::uuid)`).rejects.toThrow(/refused/);
        await expect(database.prisma.$executeRaw`DELETE FROM legacy_unsealed_snapshot`).rejects.toThrow(/refused/);
        await expect(database.prisma.$executeRaw`TRUNCATE legacy_unsealed_snapshot`).rejects.toThrow(/refused/);
      });

      it('names a snapshot whose seal was moved into a tombstone and whose content was then edited', async () => {
        const ids = await storeSeries(database, 'moved-seal', 3, (index) => TWO_CONTROLS('fail', `m${index}`));
        const victim = ids[1]!;
        // the attack: keep the chain whole by copying the seal into a tombstone, then unseal and edit freely
        await database.prisma.$executeRaw`
          INSERT INTO snapshot_tombstone (snapshot_id, cluster_id, sequence, taken_at, manifest_hash, previous_manifest_hash, thinned_at)
          SELECT id, cluster_id, sequence, taken_at, manifest_hash, previous_manifest_hash, now() FROM snapshot WHERE id = ${victim}::uuid`;
        await database.prisma.$executeRaw`UPDATE snapshot SET sequence = NULL, manifest_hash = NULL, previous_manifest_hash = NULL WHERE id = ${victim}::uuid`;
        await database.prisma.$executeRaw`UPDATE control_result SET status = 'pass' WHERE snapshot_id = ${victim}::uuid`;
        const whats = (await verifyHistory(database, { clusterName: 'moved-seal' })).problems.filter((problem) => problem.snapshotId === victim).map((problem) => problem.what);
        expect(whats).toEqual(
          expect.arrayContaining([expect.stringContaining('its seal was removed'), expect.stringContaining('both a retention tombstone (#2) and a stored snapshot')]),
        );
      });

      it('names a deletion made to look like retention', async () => {
        const now = new Date('2026-03-01T00:00:00Z');
        // two snapshots in one old hour, one in the next: retention may thin the first, never the second or third
        const ids = await storeSeries(database, 'fake-retention', 3, (index) => TWO_CONTROLS('fail', `f${index}`), new Date('2026-02-27T10:00:00Z'), 20 * 60_000);
        const policy = { isEnabled: true, hourlyForMs: 7 * 86_400_000, dailyForMs: 90 * 86_400_000 };
        const forge = async (id: string, thinnedAt: Date) => {
          await database.prisma.$executeRaw`
            INSERT INTO snapshot_tombstone (snapshot_id, cluster_id, sequence, taken_at, manifest_hash, previous_manifest_hash, thinned_at)
            SELECT id, cluster_id, sequence, taken_at, manifest_hash, previous_manifest_hash, ${thinnedAt} FROM snapshot WHERE id = ${id}::uuid`;
          await database.prisma.$executeRaw`DELETE FROM snapshot WHERE id = ${id}::uuid`;
        };
        const verify = () => verifyHistory(database, { clusterName: 'fake-retention', retention: policy, now });
        // the newest snapshot of its hour (10:40, the hour 10:00–11:00) "thinned": caught
        await forge(ids[2]!, now);
        expect((await verify()).problems).toEqual([expect.objectContaining({ snapshotId: ids[2], what: expect.stringContaining('newest snapshot of its hour') })]);
        await database.prisma.$executeRaw`DELETE FROM snapshot_tombstone WHERE snapshot_id = ${ids[2]}::uuid`;
        // a snapshot "thinned" in the future, or before its hour was over: caught
        await forge(ids[0]!, new Date('2027-01-01T00:00:00Z'));
        expect((await verify()).problems[0]?.what).toContain('in the future');
        await database.prisma.$executeRaw`UPDATE snapshot_tombstone SET thinned_at = ${new Date('2026-02-27T10:50:00Z')} WHERE snapshot_id = ${ids[0]}::uuid`;
        expect((await verify()).problems[0]?.what).toContain('before its hour was over');
        // what retention really does passes
        await database.prisma.$executeRaw`UPDATE snapshot_tombstone SET thinned_at = ${now} WHERE snapshot_id = ${ids[0]}::uuid`;
        expect((await verify()).problems.filter((problem) => problem.snapshotId === ids[0])).toEqual([]);
      });

      it('serves the chain head a witness records, which goes down when the newest snapshot is deleted', async () => {
        const ids = await storeSeries(database, 'witnessed', 3, (index) => TWO_CONTROLS('pass', `w${index}`));
        const [head] = await readChainHeads(database, 'witnessed');
        expect(head).toMatchObject({ cluster: 'witnessed', sequence: 3, isSigned: false });
        // the chain alone stays whole after the attack; the witnessed head shows it
        await database.prisma.$executeRaw`DELETE FROM snapshot WHERE id = ${ids[2]}::uuid`;
        expect((await verifyHistory(database, { clusterName: 'witnessed' })).isIntact).toBe(true);
        expect((await readChainHeads(database, 'witnessed'))[0]?.sequence).toBe(2);
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
        const expected = selectSnapshotsToThin(ids.map((id, index) => ({ id, takenAt: times[index]! })), policy, now);
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
