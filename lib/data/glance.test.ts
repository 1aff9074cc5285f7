import { describe, expect, it } from 'vitest';
import { dailyGrid } from './glance';

describe('dailyGrid', () => {
  const to = new Date('2026-06-10T15:00:00Z');

  it('puts each day on its place, the last one being the day of `to`', () => {
    const grid = dailyGrid(
      [
        { at: '2026-06-08T00:00:00.000Z', score: 0.25 },
        { at: '2026-06-10T00:00:00.000Z', score: 0.75 },
      ],
      to,
      4,
    );
    expect(grid).toEqual([null, 0.25, null, 0.75]);
  });

  it('leaves out days outside the window instead of shifting the line', () => {
    const grid = dailyGrid(
      [
        { at: '2026-06-01T00:00:00.000Z', score: 1 },
        { at: '2026-06-11T00:00:00.000Z', score: 1 },
        { at: '2026-06-09T00:00:00.000Z', score: 0.5 },
      ],
      to,
      3,
    );
    expect(grid).toEqual([null, 0.5, null]);
  });

  it('keeps a day whose score could not be computed as a gap', () => {
    expect(dailyGrid([{ at: '2026-06-10T00:00:00.000Z', score: null }], to, 2)).toEqual([null, null]);
  });
});
