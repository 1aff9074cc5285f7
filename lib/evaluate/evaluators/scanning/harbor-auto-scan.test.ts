import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { harborAutoScan } from './harbor-auto-scan';

const { judge, query } = harborAutoScan.spec;
const project = (name: string, isAutoScanOn: boolean) => ({ id: 1, name, isAutoScanOn, isPreventVulOn: true, severity: 'high' });

describe('harbor-auto-scan', () => {
  it.each([
    { state: 'every project scans on push', projects: [project('shop', true), project('ops', true)], expected: 'pass', summary: 'All 2 Harbor projects scan on push' },
    { state: 'one project does not', projects: [project('shop', true), project('ops', false)], expected: 'fail', summary: '1 of 2 Harbor projects do not scan on push' },
    { state: 'no visible project', projects: [], expected: 'unknown', summary: 'Harbor lists no projects: check the account’s permissions' },
  ])('$state → $expected', ({ projects, expected, summary }) => {
    const outcome = judge(projects, {}, testEnv());
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('names the offending project', () => {
    expect(judge([project('ops', false)], {}, testEnv()).excerpt).toEqual({ checkedProjects: 1, offenders: [{ object: 'project ops', reason: 'auto_scan is off' }], totalOffenders: 1 });
  });

  it('records the endpoint and field it reads', () => {
    expect(query({})).toBe('GET /api/v2.0/projects?page=N&page_size=100 → metadata.auto_scan');
  });
});
