import { describe, expect, it } from 'vitest';
import { formatSampleValue } from './format';

describe('formatSampleValue', () => {
  it.each([
    [1, '1'],
    [0.1, '0.1'],
    [1767225600.123, '1767225600.123'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2.5e22, '-25000000000000000000000'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [Number.NaN, 'NaN'],
  ])('%d → %s', (value, text) => {
    expect(formatSampleValue(value)).toBe(text);
  });
});
