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

export const trivyNoCriticalVulnerabilities = definePromEvaluator<Params>({
  name: 'trivy-no-critical-vulnerabilities',
  description:
    'The query returns one series per scanned running image (value: its critical vulnerabilities); a value above 0 fails, and no series at all is unknown (nothing scanned), never a pass.',
  params,
  judge: ({ samples, warnings }, { namespaceLabel, repositoryLabel, tagLabel }, { settings }): CheckOutcome => {
    if (samples.length === 0) return { status: 'unknown', summary: 'No trivy_image_vulnerabilities series: no running image is known to be scanned', excerpt: { series: 0, warnings } };
    const offenders: Offender[] = samples.filter((sample) => sample.value > 0).map((sample) => ({
      object: `${label(sample, namespaceLabel)}/${label(sample, repositoryLabel)}:${label(sample, tagLabel)}`,
      reason: `${sample.value} critical vulnerabilities`,
    }));
    const excerpt = { scannedImages: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    if (offenders.length === 0) return { status: 'pass', summary: 'No running image has a critical vulnerability', excerpt };
    const total = samples.reduce((sum, sample) => sum + Math.max(sample.value, 0), 0);
    return { status: 'fail', summary: `${countPhrase(offenders.length, 'running image')} carry ${total} critical vulnerabilities`, excerpt };
  },
});
