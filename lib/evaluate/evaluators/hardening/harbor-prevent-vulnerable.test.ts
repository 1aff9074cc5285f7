import { describe, expect, it } from 'vitest';
import type { HarborProject } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { harborPreventVulnerable } from './harbor-prevent-vulnerable';

const { judge, query } = harborPreventVulnerable.spec;
const project = (name: string, isPreventVulOn: boolean, severity?: string): HarborProject => ({ id: 1, name, isPreventVulOn, severity, isAutoScanOn: true });

describe('harbor-prevent-vulnerable', () => {
  it.each([
    { state: 'gates from high and medium (limit high)', projects: [project('shop', true, 'high'), project('ops', true, 'medium')], limit: 'high' as const, expected: 'pass', summary: 'All 2 Harbor projects block vulnerable images' },
    { state: 'a gate from critical (limit high)', projects: [project('shop', true, 'critical')], limit: 'high' as const, expected: 'fail', summary: '1 of 1 Harbor project let vulnerable images through' },
    { state: 'a gate from critical (limit critical)', projects: [project('shop', true, 'critical')], limit: 'critical' as const, expected: 'pass', summary: 'All 1 Harbor project block vulnerable images' },
    { state: 'a gate from high (limit medium)', projects: [project('shop', true, 'high')], limit: 'medium' as const, expected: 'fail', summary: '1 of 1 Harbor project let vulnerable images through' },
    { state: 'prevent_vul off', projects: [project('shop', false, 'low'), project('ok', true, 'low')], limit: 'high' as const, expected: 'fail', summary: '1 of 2 Harbor projects let vulnerable images through' },
    { state: 'no visible project', projects: [], limit: 'high' as const, expected: 'unknown', summary: 'Harbor lists no projects: check the account’s permissions' },
  ])('$state → $expected', ({ projects, limit, expected, summary }) => {
    const outcome = judge(projects, {}, testEnv({ maxAllowedVulnGateSeverity: limit }));
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('says why each project offends; an unset severity counts as critical', () => {
    expect(judge([project('shop', false), project('ops', true)], {}, testEnv()).excerpt).toEqual({
      checkedProjects: 2,
      offenders: [
        { object: 'project ops', reason: 'blocks only from severity unset' },
        { object: 'project shop', reason: 'prevent_vul is off' },
      ],
      totalOffenders: 2,
    });
  });

  it('records the endpoint and fields it reads', () => {
    expect(query({})).toBe('GET /api/v2.0/projects?page=N&page_size=100 → metadata.prevent_vul, metadata.severity');
  });
});
