import { describe, expect, it } from 'vitest';
import { canonicalJson, NonCanonicalJsonError, sha256Hex } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }], u: undefined })).toBe('{"a":[true,{"c":"x","d":null}],"b":1}');
  });

  it('gives equal text for equal content in any key order', () => {
    expect(canonicalJson({ x: { b: 2, a: 1 }, y: [1] })).toBe(canonicalJson({ y: [1], x: { a: 1, b: 2 } }));
  });

  it.each([
    ['NaN', { value: Number.NaN }, '$.value'],
    ['Infinity', { nested: [1, Number.POSITIVE_INFINITY] }, '$.nested[1]'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '$'],
    ['undefined', [1, undefined], '$[1]'],
    ['undefined', undefined, '$'],
    ['bigint', { big: 1n }, '$.big'],
  ])('refuses %s instead of hashing it as null', (what, value, path) => {
    expect(() => canonicalJson(value)).toThrow(NonCanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(`cannot hash ${what} at ${path}`);
  });

  it('hashes with sha256 in hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
