import { describe, expect, it } from 'vitest';
import { findRegressions, type ScorePoint } from './regressions';

function point(id: string, day: number, score: number | null, sections: Record<string, number | null> = {}): ScorePoint {
  return { id, takenAt: new Date(Date.UTC(2026, 0, day)), score, sections: Object.entries(sections).map(([sectionId, value]) => ({ id: sectionId, score: value })) };
}

describe('findRegressions', () => {
  it('finds a drop of the overall score and names both snapshots', () => {
    const regressions = findRegressions([point('a', 1, 0.9), point('b', 2, 0.7)]);
    expect(regressions).toEqual([
      { snapshotId: 'b', takenAt: '2026-01-02T00:00:00.000Z', previousId: 'a', previousTakenAt: '2026-01-01T00:00:00.000Z', overall: { before: 0.9, after: 0.7 }, sections: [] },
    ]);
  });

  it('finds a section that dropped while the overall score held', () => {
    const regressions = findRegressions([point('a', 1, 0.5, { '2': 1, '5': 0.2 }), point('b', 2, 0.5, { '2': 0.5, '5': 0.4 })]);
    expect(regressions).toHaveLength(1);
    expect(regressions[0]).toMatchObject({ overall: null, sections: [{ id: '2', before: 1, after: 0.5 }] });
  });

  it('ignores improvements, equal scores and scores that cannot be computed', () => {
    expect(findRegressions([point('a', 1, 0.5), point('b', 2, 0.5), point('c', 3, 0.8), point('d', 4, null), point('e', 5, 0.1)])).toEqual([]);
  });

  it('compares each snapshot with the one just before it', () => {
    const ids = findRegressions([point('a', 1, 0.9), point('b', 2, 0.8), point('c', 3, 0.95), point('d', 4, 0.6)]).map((regression) => `${regression.previousId}→${regression.snapshotId}`);
    expect(ids).toEqual(['a→b', 'c→d']);
  });
});
