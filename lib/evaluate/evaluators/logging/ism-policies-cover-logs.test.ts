import { describe, expect, it } from 'vitest';
import type { IsmPolicySummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { ismPoliciesCoverLogs } from './ism-policies-cover-logs';

const { judge } = ismPoliciesCoverLogs.spec;
const params = { indexPrefix: 'kubernetes' };
const policy = (id: string, indexPatterns: string[]): IsmPolicySummary => ({ id, indexPatterns, states: ['hot', 'delete'], deleteAfterDays: 30 });

describe('ism-policies-cover-logs', () => {
  it.each([
    { state: 'a policy for the kubernetes indices', policies: [policy('k', ['kubernetes-*'])], expected: 'pass' },
    { state: 'policies for other indices only', policies: [policy('o', ['other-*'])], expected: 'warn' },
    { state: 'no policy at all', policies: [], expected: 'fail' },
  ])('$state → $expected', ({ policies, expected }) => {
    expect(judge(policies, params, testEnv()).status).toBe(expected);
  });

  it('lists the policies with their delete age', () => {
    const outcome = judge([policy('k', ['kubernetes-*']), { id: 'x', indexPatterns: ['x-*'], states: [] }], params, testEnv());
    expect(outcome.summary).toBe('2 ISM policies, covering the kubernetes indices');
    expect(outcome.excerpt.policies).toEqual([
      { id: 'k', indexPatterns: ['kubernetes-*'], deleteAfterDays: 30 },
      { id: 'x', indexPatterns: ['x-*'], deleteAfterDays: null },
    ]);
  });
});
