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

export const fluentdBufferSpace = defineEvaluator({
  name: 'fluentd-buffer-space',
  source: 'prometheus',
  description:
    'The query returns the free share (percent) of each fluentd output buffer; one at or below the configured minimum (setting minFluentdBufferFreePercent) warns, no series at all is unknown.',
  params,
  reads: ['prometheusQuery'],
  query: ({ query }) => query,
  read: (sources, params, env) => readInstant(sources, params, env),
  judge: ({ samples, warnings }, { instanceLabel }, { settings }) => {
    if (samples.length === 0) return { status: 'unknown', summary: 'No fluentd_output_status_buffer_available_space_ratio series', excerpt: { series: 0, warnings } };
    const minimum = settings.minFluentdBufferFreePercent;
    const offenders: Offender[] = samples
      .filter((sample) => sample.value <= minimum)
      .map((sample) => ({ object: `fluentd ${label(sample, instanceLabel)}`, reason: `${Math.round(sample.value)} % buffer free` }));
    const excerpt = { series: samples.length, minimumFreePercent: minimum, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `Every fluentd buffer has more than ${minimum} % free`, excerpt }
      : { status: 'warn', summary: `${countPhrase(offenders.length, 'fluentd buffer')} at or below ${minimum} % free: logs back up`, excerpt };
  },
});
