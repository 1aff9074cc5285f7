import { describe, expect, it } from 'vitest';
import { compactJson } from './pdf-control-pages';
import { pdfText } from './pdf-layout';

describe('pdfText', () => {
  it('keeps what the standard fonts can show and spells out or replaces the rest', () => {
    expect(pdfText('Zoë – “ok” … § 5 €')).toBe('Zoë – “ok” … § 5 €');
    expect(pdfText('pods → containers ≥ 1 ✓')).toBe('pods -> containers >= 1 OK');
    expect(pdfText('日本\u0007x')).toBe('?? x');
  });
});

describe('compactJson', () => {
  it('keeps what fits on a line on one line and indents the rest', () => {
    expect(compactJson({ a: [1, 2], b: { c: 'x' } })).toBe('{"a": [1, 2], "b": {"c": "x"}}');
    const long = { items: Array.from({ length: 12 }, (_, index) => ({ name: `item-${index}`, value: index })) };
    const lines = compactJson(long).split('\n');
    expect(lines[0]).toBe('{');
    expect(lines[1]).toBe('  "items": [');
    expect(lines[2]).toBe('    {"name": "item-0", "value": 0},');
    expect(JSON.parse(compactJson(long))).toEqual(long);
  });

  it('never changes a string value', () => {
    const value = { text: '[ { quoted } ]', nested: ['{ "a": 1 }'] };
    expect(JSON.parse(compactJson(value))).toEqual(value);
  });
});
