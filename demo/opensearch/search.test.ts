import { describe, expect, it } from 'vitest';
import type { LogStream } from '../types';
import { UnsupportedQueryError, compileQuery, documentsIn } from './search';

function stream(fields: Record<string, string>, options: Partial<LogStream> = {}): LogStream {
  return { alias: 'kubernetes', fields, firstMs: 0, intervalMs: 10, document: () => ({}), ...options };
}

describe('documentsIn', () => {
  it('counts the evenly spaced documents inside a closed window', () => {
    // documents at 0, 10, 20, …
    expect(documentsIn(stream({}), { from: 5, to: 35 }, 1000)).toEqual({ first: 1, last: 3, count: 3 });
    expect(documentsIn(stream({}), { from: 10, to: 30 }, 1000)).toEqual({ first: 1, last: 3, count: 3 });
  });

  it('stops at the stream end and at the current time', () => {
    expect(documentsIn(stream({}, { lastMs: 25 }), { from: 0, to: 100 }, 1000).count).toBe(3);
    expect(documentsIn(stream({}), { from: 0, to: 100 }, 42).count).toBe(5);
  });

  it('is empty outside the stream', () => {
    expect(documentsIn(stream({}, { firstMs: 500 }), { from: 0, to: 100 }, 1000).count).toBe(0);
  });
});

describe('compileQuery', () => {
  const payments = stream({ 'kubernetes.namespace_name': 'payments', rule: 'Terminal shell in container', priority: 'Critical' });
  const shop = stream({ 'kubernetes.namespace_name': 'shop' });

  it('matches term, terms, match and exists on stream fields (also .keyword)', () => {
    expect(compileQuery({ term: { 'kubernetes.namespace_name.keyword': 'payments' } }, 0).matches(payments)).toBe(true);
    expect(compileQuery({ terms: { priority: ['Critical', 'Alert'] } }, 0).matches(payments)).toBe(true);
    expect(compileQuery({ match: { 'kubernetes.namespace_name': { query: 'SHOP' } } }, 0).matches(shop)).toBe(true);
    expect(compileQuery({ exists: { field: 'rule' } }, 0).matches(shop)).toBe(false);
  });

  it('combines bool clauses and narrows the time window', () => {
    const query = compileQuery(
      {
        bool: {
          filter: [{ range: { '@timestamp': { gte: 'now-1h' } } }, { range: { '@timestamp': { lt: 'now' } } }],
          must_not: [{ term: { priority: 'Notice' } }],
          should: [{ term: { 'kubernetes.namespace_name': 'payments' } }, { term: { 'kubernetes.namespace_name': 'checkout' } }],
          minimum_should_match: 1,
        },
      },
      7_200_000,
    );
    expect(query.window).toEqual({ from: 3_600_000, to: 7_199_999 });
    expect(query.matches(payments)).toBe(true);
    expect(query.matches(shop)).toBe(false);
  });

  it('refuses what it cannot answer honestly', () => {
    expect(() => compileQuery({ wildcard: { log: 'x*' } }, 0)).toThrow(UnsupportedQueryError);
    expect(() => compileQuery({ range: { bytes: { gte: 1 } } }, 0)).toThrow(/only supported on \[@timestamp\]/);
    expect(() => compileQuery({ bool: { should: [{ range: { '@timestamp': { gte: 'now-1h' } } }] } }, 0)).toThrow(UnsupportedQueryError);
  });
});
