import { describe, expect, it } from 'vitest';
import type { OpenSearchIndex } from '@/lib/sources/types';
import { TEST_NOW, testEnv } from '@/lib/testing/evaluation-env';
import { oldestLogIndex } from './oldest-log-index';

const { judge } = oldestLogIndex.spec;
const params = { aliases: ['kubernetes', 'kubeaudit'] };
const daysAgo = (days: number) => new Date(TEST_NOW.getTime() - days * 86_400_000).toISOString();
const index = (name: string, creationDate?: string): OpenSearchIndex => ({ index: name, creationDate, docsCount: 10 });

describe('oldest-log-index', () => {
  it.each([
    { state: 'both aliases reach back 40 days', indices: [index('kubernetes-1', daysAgo(40)), index('kubeaudit-1', daysAgo(40))], retention: 30, expected: 'pass' },
    { state: 'the oldest index decides', indices: [index('kubernetes-2', daysAgo(1)), index('kubernetes-1', daysAgo(31)), index('kubeaudit-1', daysAgo(30))], retention: 30, expected: 'pass' },
    { state: 'one alias only 3 days back', indices: [index('kubernetes-1', daysAgo(40)), index('kubeaudit-1', daysAgo(3))], retention: 30, expected: 'warn' },
    { state: 'one alias has no index', indices: [index('kubernetes-1', daysAgo(40)), index('kubeaudit-1')], retention: 30, expected: 'warn' },
    { state: 'a short retention setting', indices: [index('kubernetes-1', daysAgo(3)), index('kubeaudit-1', daysAgo(3))], retention: 2, expected: 'pass' },
  ])('$state → $expected', ({ indices, retention, expected }) => {
    expect(judge(indices, params, testEnv({ logRetentionDays: retention })).status).toBe(expected);
  });

  it('records the oldest index of each alias', () => {
    const outcome = judge([index('kubernetes-1', daysAgo(3))], params, testEnv());
    expect(outcome.summary).toBe('2 log aliases reach back less than 30 days (new cluster, or retention too short)');
    expect(outcome.excerpt.oldest).toEqual([
      { alias: 'kubernetes', oldest: daysAgo(3), days: 3 },
      { alias: 'kubeaudit', oldest: null, days: null },
    ]);
  });
});
