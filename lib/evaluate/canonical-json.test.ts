import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }], u: undefined })).toBe('{"a":[true,{"c":"x","d":null}],"b":1}');
  });

  it('gives equal text for equal content in any key order', () => {
    expect(canonicalJson({ x: { b: 2, a: 1 }, y: [1] })).toBe(canonicalJson({ y: [1], x: { a: 1, b: 2 } }));
  });

  it('hashes with sha256 in hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
