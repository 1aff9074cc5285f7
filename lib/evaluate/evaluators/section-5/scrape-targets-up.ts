import type { CheckOutcome, Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label, promQueryParams } from '../../rules/prometheus';

/**
 * A share as a percentage with one decimal, rounded down so that 94.99 % never reads as 95 %
 * (the 1e-9 absorbs floating-point error: 0.57 * 1000 is 569.99…).
 * @example formatPercent(0.9523) // '95.2 %'
 */
export function formatPercent(share: number): string {
  return `${Math.floor(share * 1000 + 1e-9) / 10} %`;
}

export const scrapeTargetsUp = definePromEvaluator({
  name: 'scrape-targets-up',
  description: 'The share of scrape targets with up == 1 is at least the configured minimum (setting minTargetsUpShare); down targets are named.',
  params: promQueryParams,
  judge: ({ samples, warnings }, _params, { settings }): CheckOutcome => {
    if (samples.length === 0) {
      return { status: 'unknown', summary: 'No up series: Prometheus reports no scrape target at all', excerpt: { targets: 0, warnings } };
    }
    const offenders: Offender[] = samples
      .filter((sample) => sample.value !== 1)
      .map((sample) => ({ object: `${label(sample, 'job')} ${label(sample, 'instance')}`, reason: 'target down' }));
    const upShare = (samples.length - offenders.length) / samples.length;
    const minShare = settings.minTargetsUpShare;
    const excerpt = { targets: samples.length, upShare, minShare, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    const downNote = offenders.length > 0 ? ` (${countPhrase(offenders.length, 'target')} down)` : '';
    return upShare >= minShare
      ? { status: 'pass', summary: `${formatPercent(upShare)} of ${countPhrase(samples.length, 'scrape target')} are up${downNote}`, excerpt }
      : { status: 'fail', summary: `Only ${formatPercent(upShare)} of ${countPhrase(samples.length, 'scrape target')} are up, below ${formatPercent(minShare)}`, excerpt };
  },
});
