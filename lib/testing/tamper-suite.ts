import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db';
import type { ControlStatus } from '@/lib/evaluate/types';
import { readChainHeads } from '@/lib/snapshots/chain-head';
import { HOUR, listAsLegacy, snapshotOf, storeSeries, TWO_CONTROLS } from './history-helpers';
import type { OpenedTestDatabase } from './history-suite';
import { thinSnapshots } from '@/lib/snapshots/retention';
import { storeSnapshot } from '@/lib/snapshots/store';
import { verifyHistory } from '@/lib/snapshots/verify';

/**
 * What someone with write access to the database does to rewrite history quietly, and how verify,
 * the chain head and retention catch or survive it; on PGlite (history.test.ts) and PostgreSQL
 * (history.integration.test.ts). Every test uses its own cluster.
 */
export function defineTamperTests(label: string, openTestDatabase: () => Promise<OpenedTestDatabase>): void {
  describe(`tampering with history on ${label}`, () => {
    let opened: OpenedTestDatabase;
    let database: Database;

    beforeAll(async () => {
      opened = await openTestDatabase();
      database = opened.database;
    }, 120_000);

    afterAll(async () => {
      await opened?.close();
    }, 120_000);

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


      it('keeps a failure and its fix when it thins their hour, and the chain still verifies', async () => {
        const now = new Date();
        const policy = { isEnabled: true, hourlyForMs: 7 * 86_400_000, dailyForMs: 90 * 86_400_000 };
        const hourStart = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 3 * HOUR);
        const statuses: ControlStatus[] = ['pass', 'pass', 'fail', 'fail', 'pass', 'pass'];
        const ids = await storeSeries(database, 'failure-kept', statuses.length, (index) => TWO_CONTROLS(statuses[index]!, `k${index}`), hourStart, 5 * 60_000);
        await storeSnapshot(database, snapshotOf('failure-kept', now, TWO_CONTROLS('pass', 'now')));
        await thinSnapshots(database, 'failure-kept', policy, now);
        const kept = await database.prisma.snapshot.findMany({ where: { cluster: { name: 'failure-kept' } }, orderBy: { takenAt: 'asc' }, select: { id: true } });
        // the first, the failure's start (#3), its fix (#5) and the newest of the hour (#6) survive
        expect(kept.map((snapshot) => snapshot.id)).toEqual([ids[0], ids[2], ids[4], ids[5], expect.any(String)]);
        expect((await verifyHistory(database, { clusterName: 'failure-kept', retention: policy })).problems).toEqual([]);
      });
  });
}
