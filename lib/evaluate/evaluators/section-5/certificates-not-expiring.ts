import type { z } from 'zod';
import type { CheckOutcome, Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, labelName, label, promQueryParams } from '../../rules/prometheus';

const DAY_SECONDS = 86_400;


const params = promQueryParams
  .extend({
    /** the labels of each series that name the Certificate in the evidence: namespace/name */
    namespaceLabel: labelName,
    nameLabel: labelName,
  })
  .strict();
type Params = z.infer<typeof params>;

export const certificatesNotExpiring = definePromEvaluator<Params>({
  name: 'certificates-not-expiring',
  description: 'No certificate managed by cert-manager expires within the limit (setting minCertificateValidityDays); the query gives each certificate’s remaining validity in seconds.',
  params,
  judge: ({ samples, warnings }, { namespaceLabel, nameLabel }, { settings }): CheckOutcome => {
    if (samples.length === 0) {
      return { status: 'unknown', summary: 'No certmanager_certificate_expiration_timestamp_seconds series: cert-manager is not scraped or manages no certificate', excerpt: { certificates: 0, warnings } };
    }
    const limitDays = settings.minCertificateValidityDays;
    const offenders: Offender[] = samples
      .filter((sample) => sample.value < limitDays * DAY_SECONDS)
      .map((sample) => {
        const days = Math.floor(Math.abs(sample.value) / DAY_SECONDS);
        return {
          object: `${label(sample, namespaceLabel)}/${label(sample, nameLabel)}`,
          reason: sample.value < 0 ? `expired ${countPhrase(days, 'day')} ago` : `expires in ${countPhrase(days, 'day')}`,
        };
      });
    const excerpt = { certificates: samples.length, limitDays, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `None of ${countPhrase(samples.length, 'certificate')} expires within ${limitDays} days`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'certificate')} expire within ${limitDays} days or have expired`, excerpt };
  },
});
