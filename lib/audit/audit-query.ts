import { z } from 'zod';
import { atParam } from '@/lib/http/params';
import { AUDIT_ACTIONS } from './record-audit-event';

/** The filters of GET /api/audit and the audit page: `?from=&to=&actor=&action=&page=`. */
export const auditQuerySchema = z.object({
  from: atParam,
  to: atParam,
  actor: z.string().trim().min(1).max(256).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;
