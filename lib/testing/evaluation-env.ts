import type { EvaluationEnv } from '@/lib/evaluate/evaluator';
import { DEFAULT_CATALOG_SETTINGS, type CatalogSettings } from '@/lib/evaluate/settings';

export const TEST_NOW = new Date('2026-06-01T12:00:00Z');

/** The environment evaluator tests judge in: default settings (with changes), a fixed time. */
export function testEnv(settings: Partial<CatalogSettings> = {}, extra: Partial<Omit<EvaluationEnv, 'settings'>> = {}): EvaluationEnv {
  return { settings: { ...DEFAULT_CATALOG_SETTINGS, ...settings }, now: TEST_NOW, ...extra };
}
