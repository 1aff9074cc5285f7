import type { CheckOutcome, Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label, promQueryParams } from '../../rules/prometheus';

export const firingAlerts = definePromEvaluator({
  name: 'firing-alerts',
  description: 'Informational: lists the alerts firing now (series by alertname and severity); none at all, not even the always-firing Watchdog → warn.',
  params: promQueryParams,
  judge: ({ samples, warnings }, _params, { settings }): CheckOutcome => {
    if (samples.length === 0) {
      // The Prometheus stack's Watchdog alert fires all the time to prove the alerting pipeline
      // works; with nothing firing, not even it, the rules may not be evaluated.
      return { status: 'warn', summary: 'No alert is firing, not even the always-firing Watchdog: alerting rules may not be loaded', excerpt: { firingSeries: 0, warnings } };
    }
    const firing: Offender[] = samples.map((sample) => ({
      object: label(sample, 'alertname'),
      reason: `${countPhrase(sample.value, 'series', 'series')} firing, severity ${sample.labels.severity ?? 'none'}`,
    }));
    const { offenders: firingAlerts, totalOffenders: firingGroups } = capOffenders(firing, settings.maxOffendersPerCheck);
    const firingSeries = samples.reduce((sum, sample) => sum + sample.value, 0);
    const besidesWatchdog = samples.filter((sample) => sample.labels.alertname !== 'Watchdog').reduce((sum, sample) => sum + sample.value, 0);
    return {
      status: 'pass',
      summary: `Alerting rules are evaluated; ${countPhrase(besidesWatchdog, 'alert')} firing besides Watchdog`,
      excerpt: { firingSeries, firingGroups, firingAlerts, warnings },
    };
  },
});
