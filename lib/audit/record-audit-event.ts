import 'server-only';
import { getAppDatabase } from '@/lib/app-context';
import type { SessionUser } from '@/lib/auth/session';
import type { Database } from '@/lib/db';
import { log } from '@/lib/log';
import { requestOrigin } from './request-origin';

export const AUDIT_ACTIONS = ['signin', 'signout', 'download', 'attest', 'waive', 'collect'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEventInput {
  /** the request that caused it: gives IP, user agent and request id */
  request: Request;
  /** who; null before anyone signed in (a refused sign-in) */
  user: SessionUser | null;
  action: AuditAction;
  /** e.g. a snapshot id, `S5.NON-ROOT`, a cluster name */
  target?: string;
  /** default `success` */
  outcome?: AuditOutcome;
  /** small facts worth keeping (format, cluster, reason); never a secret */
  details?: AuditDetails;
}

/**
 * Records one audit event: a log line (always, first) and a row in the database. Throws when the
 * row cannot be written, so the caller's action fails rather than happening unrecorded.
 *
 *   await recordAuditEvent({ request, user, action: 'download', target: snapshotId, details: { format: 'pdf' } });
 */
export async function recordAuditEvent(input: AuditEventInput, database?: Database): Promise<void> {
  const origin = requestOrigin(input.request);
  const row = {
    actor: input.user?.sub ?? 'anonymous',
    actorName: input.user?.name ?? null,
    roles: input.user?.roles ?? [],
    action: input.action,
    target: input.target?.slice(0, 512) ?? null,
    outcome: input.outcome ?? 'success',
    ip: origin.ip,
    userAgent: origin.userAgent,
    requestId: origin.requestId,
  };
  log.info({ event: 'audit', ...row, details: input.details }, `audit: ${row.action} ${row.outcome}`);
  const db = database ?? (await getAppDatabase());
  await db.prisma.auditEvent.create({ data: { ...row, details: input.details ?? undefined }, select: { id: true } });
}
