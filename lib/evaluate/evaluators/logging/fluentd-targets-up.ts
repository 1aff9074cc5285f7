import { z } from 'zod';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { label, promQueryParams, readInstant } from '../../rules/prometheus';

const params = promQueryParams
  .extend({
    /** the label that names a target in the evidence */
    instanceLabel: z.string().trim().min(1),
  })
  .strict();

export const fluentdTargetsUp = defineEvaluator({
  name: 'fluentd-targets-up',
  source: 'prometheus',
  description: 'The query returns the up series of the fluentd scrape targets; every one must be 1, and no series at all is unknown.',
  params,
  reads: ['prometheusQuery'],
  query: ({ query }) => query,
  read: (sources, params, env) => readInstant(sources, params, env),
  judge: ({ samples, warnings }, { instanceLabel }, { settings }) => {
    if (samples.length === 0) return { status: 'unknown', summary: 'Prometheus scrapes no fluentd target', excerpt: { targets: 0, warnings } };
    const offenders: Offender[] = samples.filter((sample) => sample.value !== 1).map((sample) => ({ object: `target ${label(sample, instanceLabel)}`, reason: 'down' }));
    const excerpt = { targets: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(samples.length, 'fluentd target')} are up`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'fluentd target')} are down`, excerpt };
  },
});
