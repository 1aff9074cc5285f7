import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, withoutFormulaGuard } from './csv';

describe('csvField', () => {
  it('quotes only what RFC 4180 needs quoted, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('')).toBe('');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('keeps %j from running as a formula', (value) => {
    const field = csvField(value);
    expect(field.replace(/^"/, '').startsWith(`'`)).toBe(true);
    expect(withoutFormulaGuard(parseCsv(`${field}\r\n`)[0]![0]!)).toBe(value);
  });

  it.each([`'=1+1`, `'plain`, `''`, `'`])('keeps %j, which really starts with a quote, apart from a guarded value', (value) => {
    const field = csvField(value);
    expect(withoutFormulaGuard(parseCsv(`${field}\r\n`)[0]![0]!)).toBe(value);
    expect(field).not.toBe(csvField(value.slice(1)));
  });
});

describe('parseCsv', () => {
  it('reads back what csvField wrote', () => {
    const values = ['a', 'b,c', 'd "e"', 'f\r\ng', '', '=HYPERLINK("x")'];
    const text = `${values.map(csvField).join(',')}\r\n${values.map(csvField).join(',')}\r\n`;
    expect(parseCsv(text).map((row) => row.map(withoutFormulaGuard))).toEqual([values, values]);
  });
});
