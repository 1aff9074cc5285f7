import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/lib/db';
import { computeScore } from '@/lib/evaluate/score';
import type { ControlResult, ControlStatus } from '@/lib/evaluate/types';
import { storeSnapshot } from '@/lib/snapshots/store';
import { readSnapshotPage } from './history';
import { readRegressions } from './regressions';

// The history page and the regressions of the trends page, on the embedded database.

const CLUSTER = 'history';
const HOUR = 3_600_000;
const start = new Date('2026-05-01T00:00:00Z');

// starting PGlite and migrating it takes several seconds on a busy machine
const HOOK_TIMEOUT_MS = 60_000;

let database: Database;
let dataDir: string;
const ids: string[] = [];

function results(statuses: [ControlStatus, ControlStatus]): ControlResult[] {
  return statuses.map((status, index) => ({
    controlId: `T.${index}`,
    sectionId: index === 0 ? '2' : '5',
    status,
    summary: status,
    evidence: [{ checkId: 'c1', source: 'kubernetes', query: '/api/v1/pods', observedAt: start.toISOString(), status, summary: status, excerpt: { status }, sha256: '' }],
  }));
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-history-page-'));
  database = await openDatabase({ dataDir });
  // pass/pass → pass/fail (section 5 regresses) → pass/pass → fail/pass (section 2 regresses)
  const series: [ControlStatus, ControlStatus][] = [
    ['pass', 'pass'],
    ['pass', 'fail'],
    ['pass', 'pass'],
    ['fail', 'pass'],
  ];
  for (const [index, statuses] of series.entries()) {
    const stored = results(statuses);
    const { id } = await storeSnapshot(database, {
      clusterName: CLUSTER,
      takenAt: new Date(start.getTime() + index * HOUR),
      durationMs: 1,
      catalogVersion: 'test',
      refmapVersion: 'test',
      score: computeScore(stored.map((result) => result.status)),
      sourceErrors: index === 3 ? [{ source: 'harbor', kind: 'timeout', message: 'harbor did not answer' }] : [],
      results: stored,
    });
    ids.push(id);
  }
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}, HOOK_TIMEOUT_MS);

describe('readSnapshotPage', () => {
  it('pages through the snapshots newest first, with counts and failed sources', async () => {
    const first = await readSnapshotPage(database, { clusterName: CLUSTER, page: 1, pageSize: 3 });
    expect(first).toMatchObject({ total: 4, pageCount: 2, page: 1 });
    expect(first.snapshots.map((snapshot) => snapshot.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(first.snapshots[0]).toMatchObject({ sequence: 4, failedSources: ['harbor'], counts: { pass: 1, fail: 1, warn: 0, unknown: 0, manual: 0 } });
    const second = await readSnapshotPage(database, { clusterName: CLUSTER, page: 2, pageSize: 3 });
    expect(second.snapshots.map((snapshot) => snapshot.id)).toEqual([ids[0]]);
  });

  it('keeps to a date range', async () => {
    const page = await readSnapshotPage(database, { clusterName: CLUSTER, from: new Date(start.getTime() + HOUR), to: new Date(start.getTime() + 2 * HOUR), page: 1, pageSize: 10 });
    expect(page.snapshots.map((snapshot) => snapshot.id)).toEqual([ids[2], ids[1]]);
  });
});

describe('readRegressions', () => {
  it('names each regression and the snapshot just before it, newest first', async () => {
    const regressions = await readRegressions(database, { clusterName: CLUSTER, from: start, to: new Date(start.getTime() + 10 * HOUR) });
    expect(regressions.map((regression) => [regression.snapshotId, regression.previousId])).toEqual([
      [ids[3], ids[2]],
      [ids[1], ids[0]],
    ]);
    expect(regressions[1]).toMatchObject({ overall: { before: 1, after: 0.5 }, sections: [{ id: '5', before: 1, after: 0 }] });
  });

  it('compares the first snapshot of the range with the one before the range', async () => {
    const regressions = await readRegressions(database, { clusterName: CLUSTER, from: new Date(start.getTime() + HOUR), to: new Date(start.getTime() + HOUR) });
    expect(regressions.map((regression) => regression.previousId)).toEqual([ids[0]]);
  });
});
