import { describe, expect, it } from 'vitest';
import { DateMathError, resolveDateMath } from './date-math';

const NOW = Date.parse('2026-01-01T13:45:30.250Z');

describe('resolveDateMath', () => {
  it('resolves now with offsets', () => {
    expect(resolveDateMath('now', NOW, false)).toBe(NOW);
    expect(resolveDateMath('now-1h', NOW, false)).toBe(NOW - 3_600_000);
    expect(resolveDateMath('now-30d', NOW, false)).toBe(NOW - 30 * 86_400_000);
    expect(resolveDateMath('now+15m', NOW, false)).toBe(NOW + 900_000);
  });

  it('rounds down for gte/lt and up for gt/lte', () => {
    expect(resolveDateMath('now/d', NOW, false)).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(resolveDateMath('now/d', NOW, true)).toBe(Date.parse('2026-01-01T23:59:59.999Z'));
    expect(resolveDateMath('now-1d/d', NOW, false)).toBe(Date.parse('2025-12-31T00:00:00Z'));
    expect(resolveDateMath('now/M', NOW, false)).toBe(Date.parse('2026-01-01T00:00:00Z'));
    // 2026-01-01 is a Thursday; weeks start on Monday
    expect(resolveDateMath('now/w', NOW, false)).toBe(Date.parse('2025-12-29T00:00:00Z'));
  });

  it('accepts dates, date anchors and epoch milliseconds', () => {
    expect(resolveDateMath('2025-12-31T00:00:00Z', NOW, false)).toBe(Date.parse('2025-12-31T00:00:00Z'));
    expect(resolveDateMath('2025-12-31T00:00:00Z||-1M', NOW, false)).toBe(Date.parse('2025-11-30T00:00:00Z'));
    expect(resolveDateMath(1_767_225_600_000, NOW, false)).toBe(1_767_225_600_000);
    expect(resolveDateMath('1767225600000', NOW, false)).toBe(1_767_225_600_000);
  });

  it('rejects what it cannot read', () => {
    expect(() => resolveDateMath('yesterday', NOW, false)).toThrow(DateMathError);
    expect(() => resolveDateMath('now*2', NOW, false)).toThrow(DateMathError);
    expect(() => resolveDateMath(true, NOW, false)).toThrow(DateMathError);
  });
});
