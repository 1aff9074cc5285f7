import { describe, expect, it } from 'vitest';
import { selects } from './selectors';

const selector = (matchLabels: Record<string, string>, matchExpressions: { key: string; operator: string; values: string[] }[] = []) => ({ matchLabels, matchExpressions });

describe('selects', () => {
  it('selects everything with an empty selector', () => {
    expect(selects(selector({}), { anything: 'x' })).toBe(true);
    expect(selects(selector({}), {})).toBe(true);
  });

  it('requires every matchLabels pair', () => {
    expect(selects(selector({ app: 'web', tier: 'front' }), { app: 'web', tier: 'front', extra: '1' })).toBe(true);
    expect(selects(selector({ app: 'web', tier: 'front' }), { app: 'web' })).toBe(false);
  });

  it.each([
    ['In', ['a', 'b'], { k: 'a' }, true],
    ['In', ['a', 'b'], { k: 'c' }, false],
    ['In', ['a'], {}, false],
    ['NotIn', ['a'], { k: 'b' }, true],
    ['NotIn', ['a'], {}, true],
    ['NotIn', ['a'], { k: 'a' }, false],
    ['Exists', [], { k: '' }, true],
    ['Exists', [], {}, false],
    ['DoesNotExist', [], {}, true],
    ['DoesNotExist', [], { k: 'x' }, false],
    ['Bogus', [], { k: 'x' }, false],
  ])('%s %j on %j → %s', (operator, values, labels, expected) => {
    expect(selects(selector({}, [{ key: 'k', operator, values }]), labels)).toBe(expected);
  });
});
