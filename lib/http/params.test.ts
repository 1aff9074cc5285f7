import { describe, expect, it } from 'vitest';
import { atParam, timeParam } from './params';

describe('timeParam', () => {
  it('reads an ISO time with an offset', () => {
    expect(timeParam.parse('2026-11-29T12:00:00+01:00').toISOString()).toBe('2026-11-29T11:00:00.000Z');
  });

  it.each(['0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2026-11-29', 'yesterday', '2026-11-29T12:00:00'])('refuses %j as bad input', (value) => {
    expect(timeParam.safeParse(value).success).toBe(false);
  });

  it('is optional as the as-of parameter', () => {
    expect(atParam.parse(undefined)).toBeUndefined();
  });
});
