import { describe, expect, it } from 'vitest';
import { evaluateControl } from '@/lib/testing/evaluate-control';
import type { FalsePassCase } from './case';

// The false-pass corpus: cluster states that a shallow rule would pass and a faithful one must not,
// each with the status it must get and why. Every `*.cases.ts` file beside this one adds cases.
const files = import.meta.glob<{ CASES: FalsePassCase[] }>('./*.cases.ts', { eager: true });
const CASES = Object.entries(files).flatMap(([file, module]) => module.CASES.map((testCase) => ({ ...testCase, file: file.replace('./', '') })));

console.log(`false-pass corpus: ${CASES.length} cases over ${new Set(CASES.map((testCase) => testCase.controlId)).size} controls`);

describe('the false-pass corpus', () => {
  it('holds at least 40 cases, none of which expects a pass', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(CASES.filter((testCase) => testCase.expected === 'pass')).toEqual([]);
  });

  it.each(CASES)('$controlId: $state → $expected ($why)', async ({ controlId, sources, settings, expected }) => {
    const result = await evaluateControl(controlId, sources, settings);
    expect(result.status, result.summary).toBe(expected);
  });
});
