import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { harborHealthy } from './harbor-healthy';

const { judge } = harborHealthy.spec;
const component = (name: string, status = 'healthy') => ({ name, status });

describe('harbor-healthy', () => {
  it.each([
    { state: 'all healthy', health: { status: 'healthy', components: [component('core'), component('jobservice')] }, expected: 'pass', summary: 'Harbor is healthy (2 components)' },
    {
      state: 'an unhealthy component',
      health: { status: 'unhealthy', components: [component('core'), component('jobservice', 'unhealthy')] },
      expected: 'fail',
      summary: 'Harbor is unhealthy: jobservice unhealthy',
    },
    { state: 'unhealthy with no component named', health: { status: 'unhealthy', components: [] }, expected: 'fail', summary: 'Harbor is unhealthy' },
    { state: 'healthy overall but a sick component', health: { status: 'healthy', components: [component('redis', 'unhealthy')] }, expected: 'fail', summary: 'Harbor is healthy: redis unhealthy' },
  ])('$state → $expected', ({ health, expected, summary }) => {
    const outcome = judge(health, {}, testEnv());
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('records the overall status, the component count and the sick components', () => {
    expect(judge({ status: 'unhealthy', components: [component('core'), component('jobservice', 'unhealthy')] }, {}, testEnv()).excerpt).toEqual({
      status: 'unhealthy',
      components: 2,
      offenders: [{ object: 'component jobservice', reason: 'unhealthy' }],
      totalOffenders: 1,
    });
  });
});
