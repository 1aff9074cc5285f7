import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { felixRestoreErrors } from './felix-restore-errors';

const { judge } = felixRestoreErrors.spec;
const params = { query: 'sum(increase(felix_iptables_restore_errors[1h]))' };

describe('felix-restore-errors', () => {
  it.each([
    { state: 'no errors', samples: [{ labels: {}, value: 0 }], expected: 'pass' },
    { state: 'errors', samples: [{ labels: {}, value: 3 }], expected: 'warn' },
    { state: 'no series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('records the errors of the last hour', () => {
    const outcome = judge({ samples: [{ labels: {}, value: 2.7 }], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('Calico hit 3 iptables-restore errors in the last hour');
    expect(outcome.excerpt).toEqual({ errorsLastHour: 3, warnings: [] });
  });
});
