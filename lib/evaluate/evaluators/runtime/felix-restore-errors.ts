import { definePromEvaluator, promQueryParams } from '../../rules/prometheus';

export const felixRestoreErrors = definePromEvaluator({
  name: 'felix-restore-errors',
  description: 'The query sums Calico’s iptables-restore errors of the last hour; any error warns, no series at all is unknown.',
  params: promQueryParams,
  judge: ({ samples, warnings }) => {
    if (samples.length === 0) return { status: 'unknown', summary: 'No felix_iptables_restore_errors series: Calico metrics are not scraped', excerpt: { warnings } };
    const errors = Math.round(samples[0]?.value ?? 0);
    const excerpt = { errorsLastHour: errors, warnings };
    return errors === 0
      ? { status: 'pass', summary: 'Calico applied its rules without errors in the last hour', excerpt }
      : { status: 'warn', summary: `Calico hit ${errors} iptables-restore errors in the last hour`, excerpt };
  },
});
