import type { z } from 'zod';
import type { CheckOutcome, Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, labelName, label, promQueryParams } from '../../rules/prometheus';


const params = promQueryParams
  .extend({
    /** the labels of each series that name the image in the evidence: namespace/repository:tag */
    namespaceLabel: labelName,
    repositoryLabel: labelName,
    tagLabel: labelName,
  })
  .strict();
type Params = z.infer<typeof params>;

export const imageOsNotEndOfLife = definePromEvaluator<Params>({
  name: 'image-os-not-end-of-life',
  description: 'trivy-operator reports image information, and no running image has image_os_eosl "true".',
  params,
  judge: ({ samples, warnings }, { namespaceLabel, repositoryLabel, tagLabel }, { settings }): CheckOutcome => {
    if (samples.length === 0) {
      return {
        status: 'unknown',
        summary: 'No trivy_image_info series: trivy-operator does not report image information (metricsImageInfo may be off)',
        excerpt: { images: 0, warnings },
      };
    }
    const offenders: Offender[] = samples
      .filter((sample) => sample.labels.image_os_eosl === 'true')
      .map((sample) => ({
        object: `${label(sample, namespaceLabel)}/${label(sample, repositoryLabel)}:${label(sample, tagLabel)}`,
        reason: `${label(sample, 'image_os_family')} ${label(sample, 'image_os_name')} is past its end of life`,
      }));
    const excerpt = { images: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `None of ${countPhrase(samples.length, 'running image')} uses an end-of-life operating system`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'running image')} use an end-of-life operating system`, excerpt };
  },
});
