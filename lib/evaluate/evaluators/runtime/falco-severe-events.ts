import { z } from 'zod';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { label, promQueryParams, readInstant } from '../../rules/prometheus';

const labelName = z.string().trim().min(1);

const params = promQueryParams
  .extend({
    /** the labels of each series that name the event in the evidence: namespace/pod, rule and priority */
    ruleLabel: labelName,
    priorityLabel: labelName,
    namespaceLabel: labelName,
    podLabel: labelName,
  })
  .strict();

export const falcoSevereEvents = defineEvaluator({
  name: 'falco-severe-events',
  source: 'prometheus',
  description:
    'The query returns one series per Falco rule, priority and pod with severe events in the last hour (value: how many); any series fails. No series passes, so pair it with falco-drops, which makes "Falco is not scraped" unknown.',
  params,
  reads: ['prometheusQuery'],
  query: ({ query }) => query,
  read: (sources, params, env) => readInstant(sources, params, env),
  judge: ({ samples, warnings }, { ruleLabel, priorityLabel, namespaceLabel, podLabel }, { settings }) => {
    const offenders: Offender[] = samples.map((sample) => ({
      object: `${label(sample, namespaceLabel)}/${label(sample, podLabel)}`,
      rule: label(sample, ruleLabel),
      priority: label(sample, priorityLabel),
      reason: `${Math.round(sample.value)} × ${label(sample, priorityLabel)}: ${label(sample, ruleLabel)}`,
    }));
    const excerpt = { warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: 'No severe Falco event in the last hour', excerpt }
      : { status: 'fail', summary: `${countPhrase(offenders.length, 'pod')} raised severe Falco events in the last hour`, excerpt };
  },
});
