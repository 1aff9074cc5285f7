import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { openSearchLogAliases } from './opensearch-log-aliases';

const { judge } = openSearchLogAliases.spec;
const params = { aliases: ['kubernetes', 'kubeaudit', 'authlog', 'other'] };
const rows = (...aliases: string[]) => aliases.map((alias) => ({ alias, index: `${alias}-000001`, isWriteIndex: true }));

describe('opensearch-log-aliases', () => {
  it.each([
    { state: 'all four aliases', aliases: ['kubernetes', 'kubeaudit', 'authlog', 'other'], expected: 'pass' },
    { state: 'extra aliases too', aliases: ['kubernetes', 'kubeaudit', 'authlog', 'other', 'audit-2'], expected: 'pass' },
    { state: 'two aliases missing', aliases: ['kubernetes', 'kubeaudit'], expected: 'fail' },
    { state: 'no aliases at all', aliases: [], expected: 'fail' },
  ])('$state → $expected', ({ aliases, expected }) => {
    expect(judge(rows(...aliases), params, testEnv()).status).toBe(expected);
  });

  it('names the missing aliases', () => {
    const outcome = judge(rows('kubernetes', 'kubeaudit'), params, testEnv());
    expect(outcome.summary).toBe('Missing log aliases: authlog, other');
    expect(outcome.excerpt).toEqual({ required: params.aliases, missing: ['authlog', 'other'] });
  });

  it('counts the aliases of the params in its summary', () => {
    expect(judge(rows('kubernetes', 'kubeaudit', 'authlog', 'other'), params, testEnv()).summary).toBe('All four log aliases exist');
    expect(judge(rows('app', 'audit'), { aliases: ['app', 'audit'] }, testEnv()).summary).toBe('All two log aliases exist');
  });
});
