import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { fluentdOutputErrors } from './fluentd-output-errors';

const { judge } = fluentdOutputErrors.spec;
const params = { query: 'sum by (instance) (increase(fluentd_output_status_num_errors[10m]))', instanceLabel: 'instance' };
const errors = (instance: string, value: number) => ({ labels: { instance }, value });

describe('fluentd-output-errors', () => {
  it.each([
    { state: 'no errors', samples: [errors('n1', 0)], expected: 'pass' },
    { state: 'errors on one instance', samples: [errors('n1', 0), errors('n2', 12.4)], expected: 'fail' },
    { state: 'no series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('names the failing instance with its rounded error count', () => {
    const outcome = judge({ samples: [errors('n2', 12.4)], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('1 fluentd instance failed to deliver logs in the last 10 minutes');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'fluentd n2', reason: '12 output errors in 10 min' }]);
  });
});
