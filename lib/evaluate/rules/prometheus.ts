import { z } from 'zod';
import { defineEvaluator, type EvaluationEnv } from '../evaluator';
import type { CheckOutcome } from '../types';
import type { PromSample } from '@/lib/sources/prometheus/client';
import type { SourceReaders } from '../source-readers';

/** Params of an evaluator that sends one PromQL query: the query itself, so an override replaces what is sent. */
export const promQueryParams = z.object({ query: z.string().trim().min(1) }).strict();
export type PromQueryParams = z.infer<typeof promQueryParams>;

export interface PromReadings {
  samples: PromSample[];
  warnings: string[];
}

/** The instant query of `params.query` at the collection's time; exactly what the evidence records. */
export async function readInstant(sources: SourceReaders, params: { query: string }, env: EvaluationEnv): Promise<PromReadings> {
  const { samples, warnings } = await sources.prometheusQuery(params.query, env.now);
  return { samples, warnings };
}

/** A label value for evidence, `?` when the series lacks it. */
export function label(sample: PromSample, name: string): string {
  return sample.labels[name] ?? '?';
}

/** A Prometheus label name given as a param, e.g. the label that names the offending object. */
export const labelName = z.string().trim().min(1);

/**
 * An evaluator that sends one PromQL query, `params.query`, at the collection's time and judges the
 * samples: the reading, the declared reads and the recorded query are the same for all of them.
 */
export function definePromEvaluator<Params extends PromQueryParams>(spec: {
  name: string;
  description: string;
  params: z.ZodType<Params>;
  judge(readings: PromReadings, params: NoInfer<Params>, env: EvaluationEnv): CheckOutcome;
}): ReturnType<typeof defineEvaluator<Params, PromReadings>> {
  return defineEvaluator<Params, PromReadings>({
    ...spec,
    source: 'prometheus',
    reads: ['prometheusQuery'],
    query: (params) => params.query,
    read: readInstant,
  });
}
