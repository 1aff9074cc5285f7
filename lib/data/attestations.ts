import 'server-only';
import { randomUUID } from 'node:crypto';
import { findActiveControl } from '@/lib/app-context';
import type { Database } from '@/lib/db';
import { NoSuchControlError } from './control-detail';
import { NoSuchClusterError } from './matrix';
import { activeAtWhere, checkExpiry, NoSuchSignOffError, SignOffRejectedError, toSignOffView, type SignOffPerson, type SignOffView } from './sign-offs';

/**
 * Attestations: an officer's statement that a manual control (one no cluster can show) is met,
 * with a link to the evidence, an owner and an expiry. They never touch snapshots or their hashes.
 */

export interface AttestationView extends SignOffView {
  kind: 'attestation';
  statement: string;
  evidenceUrl: string;
}

export interface NewAttestation {
  clusterName: string;
  controlId: string;
  statement: string;
  evidenceUrl: string;
  owner: string;
  expiresAt: Date;
}

/** A checked attestation, ready to be saved once the audit trail has it. */
export interface PreparedAttestation extends NewAttestation {
  id: string;
  createdAt: Date;
  author: SignOffPerson;
}

const LIST_LIMIT = 200;

const select = {
  id: true,
  clusterName: true,
  controlId: true,
  statement: true,
  evidenceUrl: true,
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

function toView(row: { statement: string; evidenceUrl: string } & Parameters<typeof toSignOffView>[0], at: Date): AttestationView {
  return { ...toSignOffView(row, at), kind: 'attestation', statement: row.statement, evidenceUrl: row.evidenceUrl };
}

/** Attestations recorded by `at` (default now), newest first, each with its state at `at`. */
export async function listAttestations(database: Database, filter: { clusterName?: string; controlId?: string; at?: Date }): Promise<AttestationView[]> {
  const at = filter.at ?? new Date();
  const rows = await database.prisma.attestation.findMany({
    where: { clusterName: filter.clusterName, controlId: filter.controlId, createdAt: { lte: at } },
    orderBy: { createdAt: 'desc' },
    take: LIST_LIMIT,
    select,
  });
  return rows.map((row) => toView(row, at));
}

/** The controls of a cluster with an attestation in force at `at`. */
export async function readAttestedControlIds(database: Database, clusterName: string, at: Date): Promise<Set<string>> {
  const rows = await database.prisma.attestation.findMany({
    where: { clusterName, ...activeAtWhere(at) },
    distinct: ['controlId'],
    select: { controlId: true },
  });
  return new Set(rows.map((row) => row.controlId));
}

/** Checks an attestation before anything is recorded: a known cluster, a manual control, a sane expiry. */
export async function prepareAttestation(database: Database, input: NewAttestation, author: SignOffPerson, now: Date = new Date()): Promise<PreparedAttestation> {
  const control = findActiveControl(input.controlId);
  if (!control) throw new NoSuchControlError(input.controlId);
  if (!control.isManual) {
    throw new SignOffRejectedError('control_not_manual', `${input.controlId} is checked automatically; only manual controls take an attestation (a failing control may take a waiver)`);
  }
  const cluster = await database.prisma.cluster.findUnique({ where: { name: input.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(input.clusterName);
  checkExpiry(input.expiresAt, now);
  return { ...input, id: randomUUID(), createdAt: now, author };
}

export async function saveAttestation(database: Database, prepared: PreparedAttestation): Promise<AttestationView> {
  const row = await database.prisma.attestation.create({
    data: {
      id: prepared.id,
      clusterName: prepared.clusterName,
      controlId: prepared.controlId,
      statement: prepared.statement,
      evidenceUrl: prepared.evidenceUrl,
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

/** The attestation to revoke; refuses one that is unknown or already revoked. */
export async function findRevocableAttestation(database: Database, id: string): Promise<AttestationView> {
  const row = await database.prisma.attestation.findUnique({ where: { id }, select });
  if (!row) throw new NoSuchSignOffError('attestation', id);
  if (row.revokedAt !== null) throw new SignOffRejectedError('already_revoked', `attestation ${id} was revoked on ${row.revokedAt.toISOString()}`);
  return toView(row, new Date());
}

/** Records the revocation on the row (who, when, why); the row itself stays. */
export async function revokeAttestation(database: Database, id: string, by: SignOffPerson, reason: string | null, now: Date = new Date()): Promise<AttestationView> {
  // `revokedAt: null` in the filter: of two people revoking at once, only the first is recorded
  const { count } = await database.prisma.attestation.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: now, revokedBy: by.sub, revokedByName: by.name, revocationReason: reason },
  });
  if (count === 0) throw new SignOffRejectedError('already_revoked', `attestation ${id} is already revoked`);
  const row = await database.prisma.attestation.findUniqueOrThrow({ where: { id }, select });
  return toView(row, now);
}
