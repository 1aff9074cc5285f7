import { z } from 'zod';
import type { CheckOutcome, Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label, labelName, promQueryParams } from '../../rules/prometheus';

const params = promQueryParams
  .extend({
    /** the labels of each series that name the event in the evidence: namespace/pod, rule and priority */
    ruleLabel: labelName,
    priorityLabel: labelName,
    namespaceLabel: labelName,
    podLabel: labelName,
    /** the Falco priorities that count as severe */
    severePriorities: z.array(z.string().min(1)).min(1),
  })
  .strict();

type Params = z.infer<typeof params>;

/**
 * One query for every Falco event counter (all priorities): the series of any priority prove that
 * Falco's events are scraped, so "no series" is unknown, never a quiet pass; the severe ones with
 * events in the window fail.
 */
export const falcoSevereEvents = definePromEvaluator<Params>({
  name: 'falco-severe-events',
  description:
    'The query returns one series per Falco rule, priority and pod (value: events in the window); a severe priority with events fails, and no series at all is unknown (Falco is not scraped).',
  params,
  judge: ({ samples, warnings }, { ruleLabel, priorityLabel, namespaceLabel, podLabel, severePriorities }, { settings }): CheckOutcome => {
    if (samples.length === 0) {
      return { status: 'unknown', summary: 'No Falco event counter at all: Falco (falcosidekick) is not scraped', excerpt: { series: 0, warnings } };
    }
    const severe = new Set(severePriorities.map((priority) => priority.toLowerCase()));
    const offenders: Offender[] = samples
      .filter((sample) => severe.has(label(sample, priorityLabel).toLowerCase()) && sample.value > 0)
      .map((sample) => ({
        object: `${label(sample, namespaceLabel)}/${label(sample, podLabel)}`,
        rule: label(sample, ruleLabel),
        priority: label(sample, priorityLabel),
        reason: `${Math.round(sample.value)} × ${label(sample, priorityLabel)}: ${label(sample, ruleLabel)}`,
      }));
    const excerpt = { series: samples.length, severePriorities, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `No severe Falco event in the window (${countPhrase(samples.length, 'event counter')} scraped)`, excerpt }
      : { status: 'fail', summary: `${countPhrase(offenders.length, 'pod')} raised severe Falco events in the window`, excerpt };
  },
});
