import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { fluentdBufferSpace } from './fluentd-buffer-space';

const { judge } = fluentdBufferSpace.spec;
const params = { query: 'min by (instance) (fluentd_output_status_buffer_available_space_ratio)', instanceLabel: 'instance' };
const free = (instance: string, value: number) => ({ labels: { instance }, value });

describe('fluentd-buffer-space', () => {
  it.each([
    { state: 'plenty of room', samples: [free('n1', 95)], minimum: 50, expected: 'pass' },
    { state: 'exactly at the minimum', samples: [free('n1', 50)], minimum: 50, expected: 'warn' },
    { state: 'below the minimum', samples: [free('n1', 95), free('n2', 20)], minimum: 50, expected: 'warn' },
    { state: 'below a lowered minimum', samples: [free('n1', 20)], minimum: 10, expected: 'pass' },
    { state: 'no series', samples: [], minimum: 50, expected: 'unknown' },
  ])('$state → $expected', ({ samples, minimum, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv({ minFluentdBufferFreePercent: minimum })).status).toBe(expected);
  });

  it('records the minimum and the filling buffer', () => {
    const outcome = judge({ samples: [free('n2', 20.4)], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('1 fluentd buffer at or below 50 % free: logs back up');
    expect(outcome.excerpt).toMatchObject({ minimumFreePercent: 50, offenders: [{ object: 'fluentd n2', reason: '20 % buffer free' }] });
  });
});
