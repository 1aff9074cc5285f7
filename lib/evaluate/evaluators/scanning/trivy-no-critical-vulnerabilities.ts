import type { z } from 'zod';
import type { Offender } from '../../types';
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
    'The query returns one series per running image with critical vulnerabilities (value: how many); any series fails. No series passes, so pair it with trivy-vulnerability-series, which makes "nothing scanned" unknown.',
  params,
  judge: ({ samples, warnings }, { namespaceLabel, repositoryLabel, tagLabel }, { settings }) => {
    const offenders: Offender[] = samples.map((sample) => ({
      object: `${label(sample, namespaceLabel)}/${label(sample, repositoryLabel)}:${label(sample, tagLabel)}`,
      reason: `${sample.value} critical vulnerabilities`,
    }));
    const excerpt = { warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    if (offenders.length === 0) return { status: 'pass', summary: 'No running image has a critical vulnerability', excerpt };
    const total = samples.reduce((sum, sample) => sum + sample.value, 0);
    return { status: 'fail', summary: `${countPhrase(offenders.length, 'running image')} carry ${total} critical vulnerabilities`, excerpt };
  },
});
