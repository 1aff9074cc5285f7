import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/lib/db';
import type { ControlResult, ControlStatus } from '@/lib/evaluate/types';
import { storeSnapshot } from '@/lib/snapshots/store';
import { findRevocableAttestation, listAttestations, prepareAttestation, readAttestedControlIds, saveAttestation } from './attestations';
import { readMatrixView } from './matrix-view';
import { SignOffRejectedError } from './sign-offs';
import { findRevocableWaiver, listWaivers, prepareWaiver, readWaivedControlIds, revokeWaiver, saveWaiver } from './waivers';

// Attestations and waivers on the embedded database, next to a real stored snapshot.

const CLUSTER = 'signoffs';
const DAY = 86_400_000;
const takenAt = new Date('2026-03-01T00:00:00Z');
const officer = { sub: 'local:olivia', name: 'olivia' };

// starting PGlite and migrating it takes several seconds on a busy machine
const HOOK_TIMEOUT_MS = 60_000;

let database: Database;
let dataDir: string;

function result(controlId: string, status: ControlStatus): ControlResult {
  return {
    controlId,
    sectionId: '5',
    status,
    summary: `${controlId} is ${status}`,
    evidence: [{ checkId: 'c1', source: 'kubernetes', query: '/api/v1/pods', observedAt: takenAt.toISOString(), status, summary: status, excerpt: { status }, sha256: '' }],
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-signoffs-'));
  database = await openDatabase({ dataDir });
  await storeSnapshot(database, {
    clusterName: CLUSTER,
    takenAt,
    durationMs: 1,
    catalogVersion: 'test',
    refmapVersion: 'test',
    score: 0.5,
    sourceErrors: [],
    results: [result('S5.NON-ROOT', 'fail'), result('S5.NO-PRIV-ESC', 'pass'), result('S5.OFFLINE-DEPS', 'manual')],
  });
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}, HOOK_TIMEOUT_MS);

async function rejection(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof SignOffRejectedError ? error.code : String(error);
  }
}

describe('waivers', () => {
  const now = new Date(takenAt.getTime() + DAY);
  const waiver = { clusterName: CLUSTER, controlId: 'S5.NON-ROOT', risk: 'Legacy pods run as root', reason: 'Vendor fix due next quarter', owner: 'shop team', expiresAt: new Date(now.getTime() + 30 * DAY) };

  it('are refused for a control that passes, and for an expiry in the past', async () => {
    expect(await rejection(prepareWaiver(database, { ...waiver, controlId: 'S5.NO-PRIV-ESC' }, officer, now))).toBe('control_not_waivable');
    expect(await rejection(prepareWaiver(database, { ...waiver, expiresAt: new Date(now.getTime() - DAY) }, officer, now))).toBe('bad_expiry');
  });

  it('apply from their recording until their expiry, and leave the automated status and the snapshot alone', async () => {
    const before = await database.prisma.snapshot.findFirstOrThrow({ where: { cluster: { name: CLUSTER } }, select: { manifestHash: true, score: true } });
    const saved = await saveWaiver(database, await prepareWaiver(database, waiver, officer, now));
    expect(saved).toMatchObject({ kind: 'waiver', state: 'active', author: officer, owner: 'shop team' });

    expect(await readWaivedControlIds(database, CLUSTER, now)).toEqual(new Set(['S5.NON-ROOT']));
    expect(await readWaivedControlIds(database, CLUSTER, new Date(now.getTime() - 1))).toEqual(new Set());
    expect(await readWaivedControlIds(database, CLUSTER, waiver.expiresAt)).toEqual(new Set());
    expect((await listWaivers(database, { clusterName: CLUSTER, at: waiver.expiresAt }))[0]?.state).toBe('expired');

    const view = await readMatrixView(database, [CLUSTER], new Date(now.getTime() + DAY));
    const row = view.sections.flatMap((section) => section.controls).find((control) => control.id === 'S5.NON-ROOT');
    expect(row?.cells[0]).toMatchObject({ status: 'fail', isWaived: true, isAttested: false });
    expect(view.clusters[0]?.score).toBe(0.5);

    const after = await database.prisma.snapshot.findFirstOrThrow({ where: { cluster: { name: CLUSTER } }, select: { manifestHash: true, score: true } });
    expect(after).toEqual(before);
  });

  it('are revoked by recording who and why; the record stays, and a second revocation is refused', async () => {
    const [current] = await listWaivers(database, { clusterName: CLUSTER, controlId: 'S5.NON-ROOT', at: new Date(takenAt.getTime() + 2 * DAY) });
    if (!current) throw new Error('expected a waiver');
    await findRevocableWaiver(database, current.id);
    const revokedAt = new Date(takenAt.getTime() + 3 * DAY);
    const revoked = await revokeWaiver(database, current.id, { sub: 'local:rob', name: 'rob' }, 'fixed after all', revokedAt);
    expect(revoked).toMatchObject({ state: 'revoked', revocation: { by: { name: 'rob' }, reason: 'fixed after all' } });
    expect(await rejection(findRevocableWaiver(database, current.id))).toBe('already_revoked');
    expect(await rejection(revokeWaiver(database, current.id, officer, null))).toBe('already_revoked');
    // as of a time before the revocation, it still applied
    expect(await readWaivedControlIds(database, CLUSTER, new Date(revokedAt.getTime() - 1))).toEqual(new Set(['S5.NON-ROOT']));
    expect(await readWaivedControlIds(database, CLUSTER, revokedAt)).toEqual(new Set());
    expect(await database.prisma.waiver.count()).toBe(1);
  });
});

describe('attestations', () => {
  const now = new Date(takenAt.getTime() + DAY);
  const attestation = {
    clusterName: CLUSTER,
    controlId: 'S5.OFFLINE-DEPS',
    statement: 'All builds pull from the internal mirror only',
    evidenceUrl: 'https://ci.example.com/pipelines/42',
    owner: 'build team',
    expiresAt: new Date(now.getTime() + 90 * DAY),
  };

  it('are only for manual controls', async () => {
    expect(await rejection(prepareAttestation(database, { ...attestation, controlId: 'S5.NON-ROOT' }, officer, now))).toBe('control_not_manual');
  });

  it('mark the control attested while in force', async () => {
    const saved = await saveAttestation(database, await prepareAttestation(database, attestation, officer, now));
    expect(saved).toMatchObject({ kind: 'attestation', state: 'active', evidenceUrl: 'https://ci.example.com/pipelines/42' });
    expect(await readAttestedControlIds(database, CLUSTER, now)).toEqual(new Set(['S5.OFFLINE-DEPS']));
    expect(await listAttestations(database, { clusterName: CLUSTER, at: new Date(now.getTime() - DAY) })).toEqual([]);
    expect((await findRevocableAttestation(database, saved.id)).id).toBe(saved.id);
  });
});
