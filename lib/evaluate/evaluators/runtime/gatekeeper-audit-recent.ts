import { definePromEvaluator, promQueryParams } from '../../rules/prometheus';

export const gatekeeperAuditRecent = definePromEvaluator({
  name: 'gatekeeper-audit-recent',
  description:
    'The query returns the age in seconds of the last Gatekeeper audit; it must be at most twice the audit interval (setting gatekeeperAuditIntervalSeconds). No value is unknown.',
  params: promQueryParams,
  judge: ({ samples, warnings }, _params, { settings }) => {
    const age = samples[0]?.value;
    if (age === undefined || Number.isNaN(age)) return { status: 'unknown', summary: 'No gatekeeper_audit_last_run_time series', excerpt: { warnings } };
    const limit = 2 * settings.gatekeeperAuditIntervalSeconds;
    const excerpt = { auditAgeSeconds: Math.round(age), limitSeconds: limit, warnings };
    return age <= limit
      ? { status: 'pass', summary: `Gatekeeper audited ${Math.round(age)} s ago`, excerpt }
      : { status: 'fail', summary: `Gatekeeper last audited ${Math.round(age)} s ago (limit ${limit} s)`, excerpt };
  },
});
