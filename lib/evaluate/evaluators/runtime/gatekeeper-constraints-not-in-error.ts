import { countPhrase } from '../../offenders';
import { definePromEvaluator, promQueryParams } from '../../rules/prometheus';

export const gatekeeperConstraintsNotInError = definePromEvaluator({
  name: 'gatekeeper-constraints-not-in-error',
  description: 'The query sums the Gatekeeper constraints in error; it must be 0, and no series at all is unknown.',
  params: promQueryParams,
  judge: ({ samples, warnings }) => {
    if (samples.length === 0) return { status: 'unknown', summary: 'No gatekeeper_constraints series: Gatekeeper metrics are not scraped', excerpt: { warnings } };
    const inError = samples[0]?.value ?? 0;
    const excerpt = { constraintsInError: inError, warnings };
    return inError === 0
      ? { status: 'pass', summary: 'No Gatekeeper constraint is in error', excerpt }
      : { status: 'fail', summary: `${countPhrase(inError, 'Gatekeeper constraint')} in error`, excerpt };
  },
});
