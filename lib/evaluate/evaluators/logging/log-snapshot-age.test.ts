import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { logSnapshotAge } from './log-snapshot-age';

const { judge } = logSnapshotAge.spec;
const params = { query: 'time() - max(elasticsearch_snapshot_stats_snapshot_start_time_timestamp{state="SUCCESS"})' };
const age = (seconds: number) => [{ labels: {}, value: seconds }];

describe('log-snapshot-age', () => {
  it.each([
    { state: 'an hour old', samples: age(3600), expected: 'pass' },
    { state: 'exactly at the 24 h limit', samples: age(24 * 3600), expected: 'fail' },
    { state: 'three days old', samples: age(3 * 86_400), expected: 'fail' },
    { state: 'no snapshot series', samples: [], expected: 'unknown' },
    { state: 'NaN (no successful snapshot)', samples: age(Number.NaN), expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('follows the maxLogSnapshotAgeHours setting and records it', () => {
    const outcome = judge({ samples: age(3 * 86_400), warnings: [] }, params, testEnv({ maxLogSnapshotAgeHours: 100 }));
    expect(outcome.status).toBe('pass');
    expect(outcome.excerpt).toEqual({ ageHours: 72, limitHours: 100, warnings: [] });
  });
});
