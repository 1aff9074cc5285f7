import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRemediationEpisodes } from '@/lib/data/remediation';
import { openDatabase, type Database } from '@/lib/db';
import type { ControlStatus } from '@/lib/evaluate/types';
import { readStatusChangesBackfillSql } from './status-changes-backfill';
import { storeSnapshot } from './store';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1);
const at = (hour: number) => new Date(START + hour * HOUR);

/** One control per entry of `statuses`, no evidence: what the change log depends on. */
async function store(database: Database, clusterName: string, hour: number, statuses: Record<string, ControlStatus>): Promise<void> {
  await storeSnapshot(database, {
    clusterName,
    takenAt: at(hour),
    durationMs: 1,
    catalogVersion: 'test',
    refmapVersion: 'test',
    score: null,
    sourceErrors: [],
    results: Object.entries(statuses).map(([controlId, status]) => ({ controlId, sectionId: '2', status, summary: status, evidence: [] })),
  });
}

async function readChanges(database: Database, clusterName: string): Promise<string[]> {
  const rows = await database.prisma.controlStatusChange.findMany({
    where: { cluster: { name: clusterName } },
    orderBy: [{ controlId: 'asc' }, { changedAt: 'asc' }],
    select: { controlId: true, status: true, changedAt: true },
  });
  return rows.map((row) => `${row.controlId} ${row.status} ${(row.changedAt.getTime() - START) / HOUR}`);
}

describe('status changes kept at write time', () => {
  let dataDir: string;
  let database: Database;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-status-changes-'));
    database = await openDatabase({ dataDir });
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records a row only where pass/fail changes; other statuses leave the last change standing', async () => {
    const series: ControlStatus[] = ['warn', 'pass', 'fail', 'unknown', 'fail', 'pass', 'manual', 'pass', 'fail'];
    for (const [hour, status] of series.entries()) await store(database, 'in-order', hour, { 'T.A': status, 'T.B': 'pass' });
    expect(await readChanges(database, 'in-order')).toEqual(['T.A pass 1', 'T.A fail 2', 'T.A pass 5', 'T.A fail 8', 'T.B pass 0']);
  });

  it('recomputes the changes after a snapshot older than the newest one', async () => {
    for (const hour of [0, 2, 4]) await store(database, 'late', hour, { 'T.A': 'fail' });
    await store(database, 'late', 3, { 'T.A': 'pass' });
    expect(await readChanges(database, 'late')).toEqual(['T.A fail 0', 'T.A pass 3', 'T.A fail 4']);
    expect(await readRemediationEpisodes(database, { clusterName: 'late' })).toEqual([
      { controlId: 'T.A', sectionId: '2', failedAt: at(0).toISOString(), fixedAt: at(3).toISOString(), seconds: 3 * 3600 },
      { controlId: 'T.A', sectionId: '2', failedAt: at(4).toISOString(), fixedAt: null, seconds: null },
    ]);
  });

  it("the migration's backfill finds the same changes in the stored history as the store recorded", async () => {
    const recorded = [...(await readChanges(database, 'in-order')), ...(await readChanges(database, 'late'))];
    await database.prisma.controlStatusChange.deleteMany({});
    await database.prisma.$executeRawUnsafe(readStatusChangesBackfillSql());
    expect([...(await readChanges(database, 'in-order')), ...(await readChanges(database, 'late'))]).toEqual(recorded);
  });
});
