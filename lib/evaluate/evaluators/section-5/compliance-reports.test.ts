import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { complianceReports } from './compliance-reports';

const { judge } = complianceReports.spec;
const report = (name: string, failCount: number) => ({ name, title: name.toUpperCase(), failCount, passCount: 10, updatedAt: '2026-06-01T00:00:00Z' });

describe('compliance-reports', () => {
  it.each([
    { state: 'every report with failCount 0', isInstalled: true, items: [report('cis', 0), report('nsa', 0)], expected: 'pass' },
    { state: 'a report with failed controls', isInstalled: true, items: [report('cis', 0), report('nsa', 2)], expected: 'fail' },
    { state: 'no report', isInstalled: true, items: [], expected: 'fail' },
    { state: 'the report API not installed', isInstalled: false, items: [], expected: 'fail' },
  ])('$state → $expected', ({ isInstalled, items, expected }) => {
    expect(judge({ isInstalled, items }, {}, testEnv()).status).toBe(expected);
  });

  it('lists every report and names the failing ones', () => {
    const outcome = judge({ isInstalled: true, items: [report('cis', 0), { name: 'nsa', title: 'NSA', failCount: 2, passCount: 8 }] }, {}, testEnv());
    expect(outcome.summary).toBe('1 of 2 compliance reports have failed controls');
    expect(outcome.excerpt).toEqual({
      reports: [
        { name: 'cis', failCount: 0, passCount: 10, updatedAt: '2026-06-01T00:00:00Z' },
        { name: 'nsa', failCount: 2, passCount: 8, updatedAt: null },
      ],
      totalOffenders: 1,
      offenders: [{ object: 'report nsa (NSA)', reason: '2 failed, 8 passed' }],
    });
  });
});
