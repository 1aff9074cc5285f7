import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { dashboardsSystemIndex } from './dashboards-system-index';

const { judge } = dashboardsSystemIndex.spec;
const params = { indexPrefixes: ['.opensearch_dashboards', '.kibana'] };
const indices = (...names: string[]) => names.map((index) => ({ index, docsCount: 5 }));

describe('dashboards-system-index', () => {
  it.each([
    { state: 'an OpenSearch Dashboards index', names: ['kubernetes-1', '.opensearch_dashboards_1'], expected: 'pass' },
    { state: 'a Kibana index', names: ['.kibana_1'], expected: 'pass' },
    { state: 'log indices only', names: ['kubernetes-1', 'authlog-1'], expected: 'warn' },
    { state: 'no index at all', names: [], expected: 'warn' },
  ])('$state → $expected', ({ names, expected }) => {
    expect(judge(indices(...names), params, testEnv()).status).toBe(expected);
  });

  it('names the index Dashboards stores its objects in', () => {
    const outcome = judge(indices('.opensearch_dashboards_1'), params, testEnv());
    expect(outcome.summary).toBe('OpenSearch Dashboards stores its objects in .opensearch_dashboards_1');
    expect(outcome.excerpt).toEqual({ dashboardsIndices: ['.opensearch_dashboards_1'] });
  });
});
