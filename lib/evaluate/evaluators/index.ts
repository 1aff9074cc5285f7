import type { Evaluator } from '../evaluator';
import { GENERIC_EVALUATORS } from './generic';
import { HARDENING_EVALUATORS } from './hardening';
import { LOGGING_EVALUATORS } from './logging';
import { RUNTIME_EVALUATORS } from './runtime';
import { SCANNING_EVALUATORS } from './scanning';
import { SECTION_2_EVALUATORS } from './section-2';
import { SECTION_4_EVALUATORS } from './section-4';
import { SECTION_5_EVALUATORS } from './section-5';

/** Every evaluator a catalog check may name, generic ones first. */
export const EVALUATORS: readonly Evaluator[] = [
  ...GENERIC_EVALUATORS,
  ...SECTION_2_EVALUATORS,
  ...LOGGING_EVALUATORS,
  ...RUNTIME_EVALUATORS,
  ...SCANNING_EVALUATORS,
  ...SECTION_4_EVALUATORS,
  ...HARDENING_EVALUATORS,
  ...SECTION_5_EVALUATORS,
];

const byName = new Map(EVALUATORS.map((evaluator) => [evaluator.name, evaluator]));

export function findEvaluator(name: string): Evaluator | undefined {
  return byName.get(name);
}
