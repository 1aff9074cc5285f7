export { recordAuditEvent, AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditEventInput, type AuditOutcome } from './record-audit-event';
export { listAuditEvents, type AuditEventView, type AuditFilter, type AuditPage } from './list-audit-events';
