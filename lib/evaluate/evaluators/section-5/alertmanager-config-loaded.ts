import type { CheckOutcome, Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label, promQueryParams } from '../../rules/prometheus';

export const alertmanagerConfigLoaded = definePromEvaluator({
  name: 'alertmanager-config-loaded',
  description: 'Every Alertmanager reports that its last configuration reload succeeded (value 1).',
  params: promQueryParams,
  judge: ({ samples, warnings }, _params, { settings }): CheckOutcome => {
    if (samples.length === 0) {
      return { status: 'unknown', summary: 'No alertmanager_config_last_reload_successful series: Alertmanager is not running or not scraped', excerpt: { alertmanagers: 0, warnings } };
    }
    const offenders: Offender[] = samples
      .filter((sample) => sample.value !== 1)
      .map((sample) => ({ object: `alertmanager ${sample.labels.pod ?? label(sample, 'instance')}`, reason: 'last configuration reload failed' }));
    const excerpt = { alertmanagers: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `${countPhrase(samples.length, 'Alertmanager')} loaded the configuration`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'Alertmanager')} failed to load the configuration`, excerpt };
  },
});
