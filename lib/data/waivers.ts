import 'server-only';
import { randomUUID } from 'node:crypto';
import { findActiveControl } from '@/lib/app-context';
import type { Database } from '@/lib/db';
import type { ControlStatus } from '@/lib/evaluate/types';
import { NoSuchControlError } from './control-detail';
import { findSnapshotAsOf } from './matrix';
import { activeAtWhere, checkExpiry, NoSuchSignOffError, SignOffRejectedError, toSignOffView, type SignOffPerson, type SignOffView } from './sign-offs';

/**
 * Waivers: a failing (or warn/unknown) control whose risk an officer accepts for a while, with the
 * reason, an owner and an expiry. The automated status and the score stay as collected; the waiver is
 * shown beside them. Waivers never touch snapshots or their hashes.
 */

/** The automated verdicts a waiver may accept; a passing or manual control has nothing to waive. */
export const WAIVABLE_STATUSES: readonly ControlStatus[] = ['fail', 'warn', 'unknown'];

export interface WaiverView extends SignOffView {
  kind: 'waiver';
  risk: string;
  reason: string;
}

export interface NewWaiver {
  clusterName: string;
  controlId: string;
  risk: string;
  reason: string;
  owner: string;
  expiresAt: Date;
}

/** A checked waiver, ready to be saved once the audit trail has it. */
export interface PreparedWaiver extends NewWaiver {
  id: string;
  createdAt: Date;
  author: SignOffPerson;
}

const LIST_LIMIT = 200;

const select = {
  id: true,
  clusterName: true,
  controlId: true,
  risk: true,
  reason: true,
  owner: true,
  createdAt: true,
  expiresAt: true,
  createdBy: true,
  createdByName: true,
  revokedAt: true,
  revokedBy: true,
  revokedByName: true,
  revocationReason: true,
} as const;

function toView(row: { risk: string; reason: string } & Parameters<typeof toSignOffView>[0], at: Date): WaiverView {
  return { ...toSignOffView(row, at), kind: 'waiver', risk: row.risk, reason: row.reason };
}

/** Waivers recorded by `at` (default now), newest first, each with its state at `at`. */
export async function listWaivers(database: Database, filter: { clusterName?: string; controlId?: string; at?: Date }): Promise<WaiverView[]> {
  const at = filter.at ?? new Date();
  const rows = await database.prisma.waiver.findMany({
    where: { clusterName: filter.clusterName, controlId: filter.controlId, createdAt: { lte: at } },
    orderBy: { createdAt: 'desc' },
    take: LIST_LIMIT,
    select,
  });
  return rows.map((row) => toView(row, at));
}

/** The controls of a cluster with a waiver in force at `at`. */
export async function readWaivedControlIds(database: Database, clusterName: string, at: Date): Promise<Set<string>> {
  const rows = await database.prisma.waiver.findMany({
    where: { clusterName, ...activeAtWhere(at) },
    distinct: ['controlId'],
    select: { controlId: true },
  });
  return new Set(rows.map((row) => row.controlId));
}

/**
 * Checks a waiver before anything is recorded: a known control whose newest verdict on the cluster
 * is fail, warn or unknown, and a sane expiry.
 */
export async function prepareWaiver(database: Database, input: NewWaiver, author: SignOffPerson, now: Date = new Date()): Promise<PreparedWaiver> {
  if (!findActiveControl(input.controlId)) throw new NoSuchControlError(input.controlId);
  const { snapshot } = await findSnapshotAsOf(database, input.clusterName);
  const result = await database.prisma.controlResult.findUnique({
    where: { snapshotId_controlId: { snapshotId: snapshot.id, controlId: input.controlId } },
    select: { status: true },
  });
  const status = result?.status ?? 'unknown';
  if (!(WAIVABLE_STATUSES as readonly string[]).includes(status)) {
    throw new SignOffRejectedError('control_not_waivable', `${input.controlId} is "${status}" in the newest snapshot of ${input.clusterName}; only fail, warn or unknown can be waived`);
  }
  checkExpiry(input.expiresAt, now);
  return { ...input, id: randomUUID(), createdAt: now, author };
}

export async function saveWaiver(database: Database, prepared: PreparedWaiver): Promise<WaiverView> {
  const row = await database.prisma.waiver.create({
    data: {
      id: prepared.id,
      clusterName: prepared.clusterName,
      controlId: prepared.controlId,
      risk: prepared.risk,
      reason: prepared.reason,
      owner: prepared.owner,
      expiresAt: prepared.expiresAt,
      createdAt: prepared.createdAt,
      createdBy: prepared.author.sub,
      createdByName: prepared.author.name,
    },
    select,
  });
  return toView(row, prepared.createdAt);
}

/** The waiver to revoke; refuses one that is unknown or already revoked. */
export async function findRevocableWaiver(database: Database, id: string): Promise<WaiverView> {
  const row = await database.prisma.waiver.findUnique({ where: { id }, select });
  if (!row) throw new NoSuchSignOffError('waiver', id);
  if (row.revokedAt !== null) throw new SignOffRejectedError('already_revoked', `waiver ${id} was revoked on ${row.revokedAt.toISOString()}`);
  return toView(row, new Date());
}

/** Records the revocation on the row (who, when, why); the row itself stays. */
export async function revokeWaiver(database: Database, id: string, by: SignOffPerson, reason: string | null, now: Date = new Date()): Promise<WaiverView> {
  // `revokedAt: null` in the filter: of two people revoking at once, only the first is recorded
  const { count } = await database.prisma.waiver.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: now, revokedBy: by.sub, revokedByName: by.name, revocationReason: reason },
  });
  if (count === 0) throw new SignOffRejectedError('already_revoked', `waiver ${id} is already revoked`);
  const row = await database.prisma.waiver.findUniqueOrThrow({ where: { id }, select });
  return toView(row, now);
}
