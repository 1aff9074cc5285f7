import type { z } from 'zod';
import type { SourceName } from '@/lib/sources/connection';
import type { CatalogSettings } from './settings';
import type { SourceReaders } from './source-readers';
import type { CheckOutcome, ClusterFacts } from './types';

/** What an evaluator may know besides its readings: the tuned settings, the time, the cluster. */
export interface EvaluationEnv {
  settings: CatalogSettings;
  now: Date;
  cluster?: ClusterFacts;
}

/** The names of the source readers (lib/evaluate/source-readers.ts) an evaluator may declare. */
export type ReaderName = Exclude<keyof SourceReaders, 'clients'>;

/**
 * A named rule a catalog check refers to. `read` fetches what the rule needs through the shared
 * readers; `judge` is pure: the same readings, params and settings give the same outcome, so it is
 * tested with plain data. `query` is what `read` sends for these params, recorded with the evidence.
 */
export interface EvaluatorSpec<Params, Readings> {
  name: string;
  /** the source whose answers decide; a check is `unknown` when it is not configured */
  source: SourceName;
  /** one sentence for docs/controls.md */
  description: string;
  params: z.ZodType<Params>;
  /** every reader `read` calls: the reader ClusterRole and the docs are derived from this */
  reads: readonly ReaderName[];
  // NoInfer: the params type comes from the schema alone, readings from `read` alone
  query(params: NoInfer<Params>): string;
  /** the Kubernetes list paths `read` passes to `kubernetesObjects` (for the reader role) */
  objectPaths?(params: NoInfer<Params>): string[];
  read(sources: SourceReaders, params: NoInfer<Params>, env: EvaluationEnv): Promise<Readings>;
  judge(readings: NoInfer<Readings>, params: NoInfer<Params>, env: EvaluationEnv): CheckOutcome;
}

/** An evaluator with its types erased, as the registry and the engine hold it. */
export interface Evaluator {
  name: string;
  source: SourceName;
  description: string;
  reads: readonly ReaderName[];
  /** validates raw params from a catalog file; throws a ZodError naming the field */
  parseParams(raw: unknown): Record<string, unknown>;
  query(params: Record<string, unknown>): string;
  /** the Kubernetes list paths it reads through `kubernetesObjects` with these params */
  objectPaths(params: Record<string, unknown>): string[];
  evaluate(sources: SourceReaders, params: Record<string, unknown>, env: EvaluationEnv): Promise<CheckOutcome>;
}

/**
 * Wraps a typed spec for the registry. The erased `params` were produced by this evaluator's own
 * `parseParams` when the catalog was loaded, which is what makes the casts below sound.
 */
export function defineEvaluator<Params extends Record<string, unknown>, Readings>(spec: EvaluatorSpec<Params, Readings>): Evaluator & { spec: EvaluatorSpec<Params, Readings> } {
  return {
    spec,
    name: spec.name,
    source: spec.source,
    description: spec.description,
    reads: spec.reads,
    parseParams: (raw) => spec.params.parse(raw ?? {}),
    query: (params) => spec.query(params as Params),
    objectPaths: (params) => spec.objectPaths?.(params as Params) ?? [],
    evaluate: async (sources, params, env) => spec.judge(await spec.read(sources, params as Params, env), params as Params, env),
  };
}
