import { z } from 'zod';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { label, promQueryParams, readInstant } from '../../rules/prometheus';

const params = promQueryParams
  .extend({
    /** the label that names a fluentd instance in the evidence */
    instanceLabel: z.string().trim().min(1),
  })
  .strict();

export const fluentdOutputErrors = defineEvaluator({
  name: 'fluentd-output-errors',
  source: 'prometheus',
  description: 'The query returns fluentd output errors of the last 10 minutes per instance; any error fails, and no series at all is unknown.',
  params,
  reads: ['prometheusQuery'],
  query: ({ query }) => query,
  read: (sources, params, env) => readInstant(sources, params, env),
  judge: ({ samples, warnings }, { instanceLabel }, { settings }) => {
    if (samples.length === 0) return { status: 'unknown', summary: 'No fluentd_output_status_num_errors series', excerpt: { series: 0, warnings } };
    const offenders: Offender[] = samples
      .filter((sample) => sample.value > 0)
      .map((sample) => ({ object: `fluentd ${label(sample, instanceLabel)}`, reason: `${Math.round(sample.value)} output errors in 10 min` }));
    const excerpt = { series: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: 'No fluentd output errors in the last 10 minutes', excerpt }
      : { status: 'fail', summary: `${countPhrase(offenders.length, 'fluentd instance')} failed to deliver logs in the last 10 minutes`, excerpt };
  },
});
