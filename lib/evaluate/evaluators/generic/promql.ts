import { z } from 'zod';
import { canonicalJson } from '../../canonical-json';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label } from '../../rules/prometheus';
import type { CheckOutcome, Offender } from '../../types';

const comparison = z.enum(['==', '!=', '>', '>=', '<', '<=']);

export const promqlParams = z
  .object({
    query: z.string().trim().min(1),
    /**
     * empty: pass when the query returns no series (e.g. firing alerts);
     * non-empty: pass when it returns at least one series (e.g. a component reports in);
     * every: pass when every series satisfies `op value` — and there is at least one series
     */
    expect: z.enum(['empty', 'non-empty', 'every']),
    op: comparison.optional(),
    value: z.number().optional(),
    failStatus: z.enum(['fail', 'warn']).default('fail'),
    /** label that names the offending object in evidence (default: all labels) */
    objectLabel: z.string().trim().min(1).optional(),
  })
  .strict()
  .refine((params) => params.expect !== 'every' || (params.op !== undefined && params.value !== undefined), { message: 'expect: every needs op and value' });

function compare(op: z.infer<typeof comparison>, left: number, right: number): boolean {
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
  }
}

/** An organisation's own PromQL rule: no series, some series, or every series within a threshold. */
export const promql = definePromEvaluator({
  name: 'promql',
  description: 'A PromQL query returns no series (empty), at least one (non-empty), or only series whose value satisfies a threshold (every); offending series are named by a label.',
  params: promqlParams,
  judge: ({ samples, warnings }, params, { settings }): CheckOutcome => {
    const name = (sample: (typeof samples)[number]) => (params.objectLabel ? label(sample, params.objectLabel) : canonicalJson(sample.labels));
    const series = countPhrase(samples.length, 'series', 'series');
    if (params.expect === 'empty') {
      const offenders: Offender[] = samples.map((sample) => ({ object: name(sample), reason: `value ${sample.value}` }));
      const excerpt = { series: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
      return samples.length === 0 ? { status: 'pass', summary: 'The query returns no series', excerpt } : { status: params.failStatus, summary: `The query returns ${series}`, excerpt };
    }
    // no series means the evidence is missing, never that everything is fine
    if (samples.length === 0) return { status: params.expect === 'non-empty' ? params.failStatus : 'unknown', summary: 'The query returns no series', excerpt: { series: 0, warnings } };
    if (params.expect === 'non-empty') {
      return { status: 'pass', summary: `The query returns ${series}`, excerpt: { series: samples.length, warnings, objects: samples.slice(0, settings.maxOffendersPerCheck).map(name) } };
    }
    const offenders: Offender[] = samples.filter((sample) => !compare(params.op!, sample.value, params.value!)).map((sample) => ({ object: name(sample), reason: `value ${sample.value}` }));
    const excerpt = { series: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${series} satisfy ${params.op} ${params.value}`, excerpt }
      : { status: params.failStatus, summary: `${offenders.length} of ${series} do not satisfy ${params.op} ${params.value}`, excerpt };
  },
});
