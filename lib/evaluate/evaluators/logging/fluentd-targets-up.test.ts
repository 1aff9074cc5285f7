import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { fluentdTargetsUp } from './fluentd-targets-up';

const { judge } = fluentdTargetsUp.spec;
const params = { query: 'up{job=~"fluentd.*"}', instanceLabel: 'instance' };
const up = (instance: string, value: number) => ({ labels: { instance }, value });

describe('fluentd-targets-up', () => {
  it.each([
    { state: 'every target up', samples: [up('n1', 1), up('n2', 1)], expected: 'pass' },
    { state: 'one target down', samples: [up('n1', 1), up('n2', 0)], expected: 'fail' },
    { state: 'no fluentd target scraped', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('names the down target by the instance label', () => {
    const outcome = judge({ samples: [up('n1', 1), up('n2', 0)], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('1 of 2 fluentd targets are down');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'target n2', reason: 'down' }]);
  });
});
