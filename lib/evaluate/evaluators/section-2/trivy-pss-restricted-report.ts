import { countPhrase } from '../../offenders';
import { definePromEvaluator, promQueryParams } from '../../rules/prometheus';

export const trivyPssRestrictedReport = definePromEvaluator({
  name: 'trivy-pss-restricted-report',
  description: 'trivy-operator’s "Pod Security Standards - Restricted" compliance report (a sum of failing checks) is zero.',
  params: promQueryParams,
  judge: ({ samples, warnings }) => {
    // This report is optional in trivy-operator; the namespace labels remain the primary evidence.
    if (samples.length === 0) return { status: 'not-applicable', summary: 'trivy-operator does not publish the PSS Restricted compliance report', excerpt: { warnings } };
    const failing = samples[0]?.value ?? 0;
    const excerpt = { failingChecks: failing, warnings };
    return failing === 0
      ? { status: 'pass', summary: 'The PSS Restricted compliance report has no failing checks', excerpt }
      : { status: 'fail', summary: `The PSS Restricted compliance report has ${countPhrase(failing, 'failing check')}`, excerpt };
  },
});
