import { CONTROLS } from '@/lib/catalog';
import { evaluateControls } from '@/lib/evaluate/evaluate-controls';
import { DEFAULT_CATALOG_SETTINGS, type CatalogSettings } from '@/lib/evaluate/settings';
import type { ClusterFacts, ControlResult } from '@/lib/evaluate/types';
import { fakeReaders, type FakeSources } from './fake-sources';

export const TEST_NOW = new Date('2026-06-01T12:00:00Z');
export const DAY_SECONDS = 86_400;

/** Evaluates one built-in control (from the catalog's YAML files) against hand-made source answers. */
export async function evaluateControl(controlId: string, fake: FakeSources, settings: Partial<CatalogSettings> = {}, cluster?: ClusterFacts): Promise<ControlResult> {
  const control = CONTROLS.find((candidate) => candidate.id === controlId);
  if (!control) throw new Error(`no control ${controlId}`);
  const [result] = await evaluateControls([control], { sources: fakeReaders(fake), settings: { ...DEFAULT_CATALOG_SETTINGS, ...settings }, now: TEST_NOW, cluster });
  if (!result) throw new Error('no result');
  return result;
}

/** The evidence excerpts of a result as one string, for "names the offender" assertions. */
export function evidenceText(result: ControlResult): string {
  return JSON.stringify(result.evidence.map((item) => item.excerpt));
}
