import { describe, expect, it } from 'vitest';
import { computeScore, worstStatus } from '@/lib/evaluate/score';

describe('worstStatus', () => {
  it.each([
    [['pass', 'pass'], 'pass'],
    [['pass', 'warn'], 'warn'],
    [['warn', 'unknown'], 'unknown'],
    [['unknown', 'fail', 'pass'], 'fail'],
    [['not-applicable', 'pass'], 'pass'],
    [[], 'not-applicable'],
  ] as const)('%j → %s', (statuses, expected) => expect(worstStatus([...statuses])).toBe(expected));
});

describe('computeScore', () => {
  it('is pass / (pass + fail + warn + unknown), ignoring manual and not-applicable', () => {
    expect(computeScore(['pass', 'fail', 'warn', 'unknown', 'manual', 'not-applicable', 'pass'])).toBeCloseTo(2 / 5);
  });

  it('counts unknown against the score, never for it', () => {
    expect(computeScore(['pass', 'unknown'])).toBe(0.5);
  });

  it('is null when nothing counts', () => {
    expect(computeScore(['manual', 'not-applicable'])).toBeNull();
  });
});
