import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { gatekeeperAuditRecent } from './gatekeeper-audit-recent';

const { judge } = gatekeeperAuditRecent.spec;
const params = { query: 'time() - max(gatekeeper_audit_last_run_time)' };
const age = (seconds: number) => [{ labels: {}, value: seconds }];

describe('gatekeeper-audit-recent', () => {
  it.each([
    { state: '30 s ago', samples: age(30), interval: 60, expected: 'pass' },
    { state: 'exactly twice the interval', samples: age(120), interval: 60, expected: 'pass' },
    { state: 'an hour ago', samples: age(3600), interval: 60, expected: 'fail' },
    { state: 'an hour ago with a one-hour interval', samples: age(3600), interval: 3600, expected: 'pass' },
    { state: 'no series', samples: [], interval: 60, expected: 'unknown' },
    { state: 'NaN', samples: age(Number.NaN), interval: 60, expected: 'unknown' },
  ])('$state → $expected', ({ samples, interval, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv({ gatekeeperAuditIntervalSeconds: interval })).status).toBe(expected);
  });

  it('records the rounded age and the limit', () => {
    const outcome = judge({ samples: age(3600.4), warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('Gatekeeper last audited 3600 s ago (limit 120 s)');
    expect(outcome.excerpt).toEqual({ auditAgeSeconds: 3600, limitSeconds: 120, warnings: [] });
  });
});
