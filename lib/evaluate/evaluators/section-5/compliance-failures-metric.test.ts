import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { complianceFailuresMetric } from './compliance-failures-metric';

const { judge } = complianceFailuresMetric.spec;
const params = { query: 'sum by (title) (trivy_cluster_compliance{status="Fail"})', titleLabel: 'title' };
const report = (title: string, failed: number) => ({ labels: { title }, value: failed });

describe('compliance-failures-metric', () => {
  it.each([
    { state: 'no failed control in any report', samples: [report('CIS', 0), report('NSA', 0)], expected: 'pass' },
    { state: 'failed controls in one report', samples: [report('CIS', 0), report('NSA', 3)], expected: 'fail' },
    { state: 'no trivy_cluster_compliance series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('names the report and its number of failed controls', () => {
    const outcome = judge({ samples: [report('CIS', 0), report('NSA', 1)], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('1 of 2 compliance reports have failed controls (whether they are trending down is not evaluated)');
    expect(outcome.excerpt).toEqual({ reports: 2, warnings: [], totalOffenders: 1, offenders: [{ object: 'report NSA', reason: '1 failed control' }] });
  });
});
