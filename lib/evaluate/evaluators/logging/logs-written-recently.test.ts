import { describe, expect, it } from 'vitest';
import { TEST_NOW, testEnv } from '@/lib/testing/evaluation-env';
import { logsWrittenRecently } from './logs-written-recently';

const { judge } = logsWrittenRecently.spec;
const params = {
  freshness: [
    { alias: 'kubernetes', maxAgeHours: 1 },
    { alias: 'kubeaudit', maxAgeHours: 1 },
    { alias: 'authlog', maxAgeHours: 24 },
  ],
};
const hoursAgo = (hours: number) => new Date(TEST_NOW.getTime() - hours * 3_600_000).toISOString();
const latest = (kubernetes: string | null, kubeaudit: string | null, authlog: string | null) => [
  { alias: 'kubernetes', latest: kubernetes },
  { alias: 'kubeaudit', latest: kubeaudit },
  { alias: 'authlog', latest: authlog },
];

describe('logs-written-recently', () => {
  it.each([
    { state: 'every alias fresh', readings: latest(hoursAgo(0.1), hoursAgo(0.1), hoursAgo(0.1)), expected: 'pass' },
    { state: 'authlog quiet for hours', readings: latest(hoursAgo(0.1), hoursAgo(0.1), hoursAgo(3)), expected: 'pass' },
    { state: 'authlog quiet for days', readings: latest(hoursAgo(0.1), hoursAgo(0.1), hoursAgo(72)), expected: 'fail' },
    { state: 'kubeaudit two hours old', readings: latest(hoursAgo(0.1), hoursAgo(2), hoursAgo(0.1)), expected: 'fail' },
    { state: 'kubernetes holds no document', readings: latest(null, hoursAgo(0.1), hoursAgo(0.1)), expected: 'fail' },
  ])('$state → $expected', ({ readings, expected }) => {
    expect(judge(readings, params, testEnv()).status).toBe(expected);
  });

  it('names the silent aliases in the order of the params', () => {
    const outcome = judge(latest(null, hoursAgo(2), hoursAgo(0.1)), params, testEnv());
    expect(outcome.summary).toBe('No recent logs in kubernetes, kubeaudit');
    expect(outcome.excerpt.offenders).toEqual([
      { object: 'alias kubeaudit', reason: `newest document at ${hoursAgo(2)}, older than 1 h` },
      { object: 'alias kubernetes', reason: 'no documents' },
    ]);
  });

  it('lists the aliases it watched when they pass', () => {
    expect(judge(latest(hoursAgo(0), hoursAgo(0), hoursAgo(0)), params, testEnv()).summary).toBe('Logs keep arriving in the kubernetes, kubeaudit and authlog aliases');
  });
});
