import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { gatekeeperConstraintsNotInError } from './gatekeeper-constraints-not-in-error';

const { judge } = gatekeeperConstraintsNotInError.spec;
const params = { query: 'sum(gatekeeper_constraints{status="error"})' };

describe('gatekeeper-constraints-not-in-error', () => {
  it.each([
    { state: 'none in error', samples: [{ labels: {}, value: 0 }], expected: 'pass' },
    { state: 'two in error', samples: [{ labels: {}, value: 2 }], expected: 'fail' },
    { state: 'no series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('counts the constraints in error', () => {
    const outcome = judge({ samples: [{ labels: {}, value: 1 }], warnings: ['partial'] }, params, testEnv());
    expect(outcome.summary).toBe('1 Gatekeeper constraint in error');
    expect(outcome.excerpt).toEqual({ constraintsInError: 1, warnings: ['partial'] });
  });
});
