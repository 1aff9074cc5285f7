/**
 * What attestations and waivers have in common: people sign them off, they apply from the moment
 * they are recorded until they expire or are revoked, and whether one applies is decided at read
 * time against the time being looked at (now, or the as-of time of a view), never stored.
 *
 * Pure: no database, so pages, API and tests share the same rules.
 */

export type SignOffState = 'active' | 'expired' | 'revoked';

export interface SignOffTimes {
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** A person as the session names them. */
export interface SignOffPerson {
  sub: string;
  name: string;
}

/** Fields every attestation and waiver shows. Dates are ISO strings: views cross to the browser. */
export interface SignOffView {
  id: string;
  cluster: string;
  controlId: string;
  owner: string;
  createdAt: string;
  expiresAt: string;
  author: SignOffPerson;
  revocation: { at: string; by: SignOffPerson; reason: string | null } | null;
  /** as of the time the view was read for */
  state: SignOffState;
}

/** The longest an attestation or waiver may run before someone has to look at it again. */
export const MAX_SIGN_OFF_DAYS = 366;

/**
 * The state of a record at `at`, or null when it did not exist yet then.
 * @example signOffStateAt({ createdAt: jan1, expiresAt: feb1, revokedAt: null }, mar1) // 'expired'
 */
export function signOffStateAt(record: SignOffTimes, at: Date): SignOffState | null {
  if (record.createdAt > at) return null;
  if (record.revokedAt !== null && record.revokedAt <= at) return 'revoked';
  if (record.expiresAt <= at) return 'expired';
  return 'active';
}

/** The Prisma `where` that selects records active at `at` (the same rule as signOffStateAt). */
export function activeAtWhere(at: Date) {
  return {
    createdAt: { lte: at },
    expiresAt: { gt: at },
    OR: [{ revokedAt: null }, { revokedAt: { gt: at } }],
  };
}

/** Why a write was refused; `code` goes into the error envelope. */
export class SignOffRejectedError extends Error {
  constructor(
    readonly code: 'bad_expiry' | 'control_not_manual' | 'control_not_waivable' | 'already_revoked',
    message: string,
  ) {
    super(message);
    this.name = 'SignOffRejectedError';
  }
}

export class NoSuchSignOffError extends Error {
  constructor(
    readonly kind: 'attestation' | 'waiver',
    readonly id: string,
  ) {
    super(`no ${kind} with id ${id}`);
    this.name = 'NoSuchSignOffError';
  }
}

/** An expiry must lie in the future, and not too far: a sign-off that never expires is never reviewed. */
export function checkExpiry(expiresAt: Date, now: Date): void {
  if (expiresAt <= now) throw new SignOffRejectedError('bad_expiry', 'the expiry must be in the future');
  if (expiresAt.getTime() - now.getTime() > MAX_SIGN_OFF_DAYS * 86_400_000) {
    throw new SignOffRejectedError('bad_expiry', `the expiry must be within ${MAX_SIGN_OFF_DAYS} days`);
  }
}

interface SignOffRow {
  id: string;
  clusterName: string;
  controlId: string;
  owner: string;
  createdAt: Date;
  expiresAt: Date;
  createdBy: string;
  createdByName: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokedByName: string | null;
  revocationReason: string | null;
}

/** The shared part of a view from a stored row, with its state at `at` (the row existed then). */
export function toSignOffView(row: SignOffRow, at: Date): SignOffView {
  // a revocation that happens after `at` is not part of what was true at `at`
  const isRevokedAtTime = row.revokedAt !== null && row.revokedAt <= at;
  return {
    id: row.id,
    cluster: row.clusterName,
    controlId: row.controlId,
    owner: row.owner,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    author: { sub: row.createdBy, name: row.createdByName },
    revocation:
      isRevokedAtTime && row.revokedAt !== null
        ? { at: row.revokedAt.toISOString(), by: { sub: row.revokedBy ?? '', name: row.revokedByName ?? '' }, reason: row.revocationReason }
        : null,
    state: signOffStateAt(row, at) ?? 'active',
  };
}
