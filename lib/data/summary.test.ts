import { describe, expect, it } from 'vitest';
import { largestDrop, monthRemediation } from './summary';
import type { Regression } from './regressions';
import type { RemediationEpisode } from './remediation';

describe('largestDrop', () => {
  const regression = (overall: Regression['overall'], sections: Regression['sections']): Regression => ({
    snapshotId: 'b',
    takenAt: '2026-06-02T00:00:00.000Z',
    previousId: 'a',
    previousTakenAt: '2026-06-01T00:00:00.000Z',
    overall,
    sections,
  });

  it('takes the biggest of the overall and the section drops', () => {
    expect(largestDrop(regression({ before: 0.8, after: 0.7 }, [{ id: '5', before: 0.9, after: 0.5 }]))).toBeCloseTo(0.4);
  });

  it('works when only a section dropped', () => {
    expect(largestDrop(regression(null, [{ id: '2', before: 0.5, after: 0.25 }]))).toBeCloseTo(0.25);
  });
});

describe('monthRemediation', () => {
  const episode = (fixedAt: string | null, seconds: number | null): RemediationEpisode => ({ controlId: 'X', sectionId: '2', failedAt: '2026-05-01T00:00:00.000Z', fixedAt, seconds });
  const start = new Date('2026-06-01T00:00:00Z');
  const end = new Date('2026-07-01T00:00:00Z');

  it('counts and averages the failures fixed within the month only', () => {
    const result = monthRemediation(
      [episode('2026-06-03T00:00:00.000Z', 100), episode('2026-06-30T23:00:00.000Z', 300), episode('2026-07-01T00:00:00.000Z', 5), episode('2026-05-31T00:00:00.000Z', 7)],
      start,
      end,
    );
    expect(result).toEqual({ month: start.toISOString(), fixed: 2, meanSeconds: 200 });
  });

  it('has no mean when nothing was fixed, and still-failing controls do not count', () => {
    expect(monthRemediation([episode(null, null)], start, end)).toEqual({ month: start.toISOString(), fixed: 0, meanSeconds: null });
  });
});
