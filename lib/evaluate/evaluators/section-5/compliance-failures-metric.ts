import { z } from 'zod';
import type { CheckOutcome, Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label, promQueryParams } from '../../rules/prometheus';

const params = promQueryParams
  .extend({
    /** the label of each series that names the compliance report in the evidence */
    titleLabel: z.string().trim().min(1),
  })
  .strict();
type Params = z.infer<typeof params>;

export const complianceFailuresMetric = definePromEvaluator<Params>({
  name: 'compliance-failures-metric',
  description: 'Every trivy-operator compliance report exports a failed-control count of 0 (one series per report title).',
  params,
  judge: ({ samples, warnings }, { titleLabel }, { settings }): CheckOutcome => {
    if (samples.length === 0) {
      return {
        status: 'unknown',
        summary: 'No trivy_cluster_compliance series: trivy-operator does not export compliance results (metricsClusterComplianceInfo may be off)',
        excerpt: { reports: 0, warnings },
      };
    }
    const offenders: Offender[] = samples
      .filter((sample) => sample.value > 0)
      .map((sample) => ({ object: `report ${label(sample, titleLabel)}`, reason: countPhrase(sample.value, 'failed control') }));
    const excerpt = { reports: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `${countPhrase(samples.length, 'compliance report')} with no failed control`, excerpt }
      : {
          status: 'fail',
          // one snapshot has no history, so a falling trend cannot be credited
          summary: `${offenders.length} of ${countPhrase(samples.length, 'compliance report')} have failed controls (whether they are trending down is not evaluated)`,
          excerpt,
        };
  },
});
