import { describe, expect, it } from 'vitest';
import { TEST_NOW, testEnv } from '@/lib/testing/evaluation-env';
import { veleroBackupRecent } from './velero-backup-recent';

const { judge } = veleroBackupRecent.spec;
const HOUR = 3_600;
const params = { query: 'time() - velero_backup_last_successful_timestamp', scheduleLabel: 'schedule' };
const schedule = (name: string, ageSeconds: number) => ({ labels: { schedule: name }, value: ageSeconds });

describe('velero-backup-recent', () => {
  it.each([
    { state: 'every schedule backed up within the limit', samples: [schedule('daily', 3 * HOUR), schedule('hourly', HOUR)], expected: 'pass' },
    { state: 'an old manual backup beside a recent schedule', samples: [schedule('', 900 * HOUR), schedule('daily', 3 * HOUR)], expected: 'pass' },
    { state: 'a schedule older than the limit', samples: [schedule('daily', 30 * HOUR), schedule('hourly', HOUR)], expected: 'fail' },
    { state: 'manual backups only', samples: [{ labels: {}, value: HOUR }], expected: 'fail' },
    { state: 'no series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv({ maxBackupAgeHours: 24 })).status).toBe(expected);
  });

  it('tells a stale schedule from one that never succeeded', () => {
    const neverSucceeded = TEST_NOW.getTime() / 1000;
    const outcome = judge({ samples: [schedule('daily', 30 * HOUR), schedule('weekly', neverSucceeded)], warnings: [] }, params, testEnv({ maxBackupAgeHours: 24 }));
    expect(outcome.summary).toBe('2 of 2 backup schedules have no successful backup within 24 h');
    expect(outcome.excerpt.offenders).toEqual([
      { object: 'schedule daily', reason: 'last successful backup 30 h ago' },
      { object: 'schedule weekly', reason: 'no successful backup yet' },
    ]);
  });

  it('reads the schedule from the configured label', () => {
    const outcome = judge({ samples: [{ labels: { velero_schedule: 'daily' }, value: 30 * HOUR }], warnings: [] }, { ...params, scheduleLabel: 'velero_schedule' }, testEnv());
    expect(outcome.excerpt.offenders).toEqual([{ object: 'schedule daily', reason: 'last successful backup 30 h ago' }]);
  });
});
