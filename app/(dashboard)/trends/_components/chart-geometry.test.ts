import { describe, expect, it } from 'vitest';
import { linePath, timeTicks, xOf, yOf, type ChartBox } from './chart-geometry';

const box: ChartBox = { width: 800, height: 300, left: 40, right: 20, top: 20, bottom: 40 };
const from = Date.parse('2026-01-01T00:00:00Z');
const to = Date.parse('2026-01-11T00:00:00Z');

describe('chart geometry', () => {
  it('puts time left to right and 100 % at the top', () => {
    expect(xOf(box, from, to, from)).toBe(40);
    expect(xOf(box, from, to, to)).toBe(780);
    expect(yOf(box, 1)).toBe(20);
    expect(yOf(box, 0)).toBe(260);
  });

  it('draws a line through the points', () => {
    expect(linePath(box, from, to, [{ at: '2026-01-01T00:00:00Z', score: 1 }, { at: '2026-01-11T00:00:00Z', score: 0.5 }])).toBe('M40.0 20.0 L780.0 140.0');
  });

  it('breaks the line where nothing was counted instead of drawing 0 %', () => {
    const path = linePath(box, from, to, [
      { at: '2026-01-01T00:00:00Z', score: 1 },
      { at: '2026-01-06T00:00:00Z', score: null },
      { at: '2026-01-11T00:00:00Z', score: 1 },
    ]);
    expect(path).toBe('M40.0 20.0 M780.0 20.0');
  });

  it('spreads the axis labels evenly, ends included', () => {
    expect(timeTicks(0, 100, 5)).toEqual([0, 25, 50, 75, 100]);
  });
});
