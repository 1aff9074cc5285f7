import { z } from 'zod';
import type { CheckOutcome, Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label, promQueryParams } from '../../rules/prometheus';

const params = promQueryParams
  .extend({
    /** the label of each series that names the notification integration in the evidence */
    integrationLabel: z.string().trim().min(1),
  })
  .strict();
type Params = z.infer<typeof params>;

export const alertmanagerNotificationsDelivered = definePromEvaluator<Params>({
  name: 'alertmanager-notifications-delivered',
  description: 'No Alertmanager notification integration failed to deliver in the last hour (one series per integration).',
  params,
  judge: ({ samples, warnings }, { integrationLabel }, { settings }): CheckOutcome => {
    // Alertmanager exports the counter for every integration from start-up, so no series at all
    // means it is not scraped, not that nothing failed.
    if (samples.length === 0) {
      return { status: 'unknown', summary: 'No alertmanager_notifications_failed_total series: Alertmanager is not running or not scraped', excerpt: { integrations: 0, warnings } };
    }
    const offenders: Offender[] = samples
      .filter((sample) => sample.value > 0)
      // increase() extrapolates, so a single failure can read 0.4; round up to whole notifications
      .map((sample) => ({ object: `integration ${label(sample, integrationLabel)}`, reason: `${countPhrase(Math.ceil(sample.value), 'failed notification')} in the last hour` }));
    const excerpt = { integrations: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: 'No notification failed in the last hour', excerpt }
      : { status: 'fail', summary: `${countPhrase(offenders.length, 'notification integration')} failed to deliver in the last hour`, excerpt };
  },
});
