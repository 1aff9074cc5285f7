import 'server-only';
import type { Database } from '@/lib/db';

export interface AuditEventView {
  id: string;
  occurredAt: string;
  actor: string;
  actorName: string | null;
  roles: string[];
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: unknown;
}

export interface AuditPage {
  events: AuditEventView[];
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  /** the subject or the display name, exactly */
  actor?: string;
  action?: string;
  /** 1-based */
  page: number;
  pageSize: number;
}

/** The audit trail, newest first, one page at a time. */
export async function listAuditEvents(database: Database, filter: AuditFilter): Promise<AuditPage> {
  const where = {
    occurredAt: { gte: filter.from, lte: filter.to },
    action: filter.action,
    ...(filter.actor ? { OR: [{ actor: filter.actor }, { actorName: filter.actor }] } : {}),
  };
  const [total, rows] = await Promise.all([
    database.prisma.auditEvent.count({ where }),
    database.prisma.auditEvent.findMany({
      where,
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
      select: { id: true, occurredAt: true, actor: true, actorName: true, roles: true, action: true, target: true, outcome: true, ip: true, userAgent: true, requestId: true, details: true },
    }),
  ]);
  return {
    events: rows.map((row) => ({ ...row, occurredAt: row.occurredAt.toISOString() })),
    page: filter.page,
    pageSize: filter.pageSize,
    total,
    pageCount: Math.max(1, Math.ceil(total / filter.pageSize)),
  };
}
