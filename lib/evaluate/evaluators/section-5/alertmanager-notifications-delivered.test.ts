import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { alertmanagerNotificationsDelivered } from './alertmanager-notifications-delivered';

const { judge } = alertmanagerNotificationsDelivered.spec;
const params = { query: 'sum by (integration) (increase(alertmanager_notifications_failed_total[1h]))', integrationLabel: 'integration' };
const integration = (name: string, failed: number) => ({ labels: { integration: name }, value: failed });

describe('alertmanager-notifications-delivered', () => {
  it.each([
    { state: 'no failure in any integration', samples: [integration('slack', 0), integration('email', 0)], expected: 'pass' },
    { state: 'a failing integration', samples: [integration('slack', 0), integration('email', 2)], expected: 'fail' },
    { state: 'an extrapolated fraction of a failure', samples: [integration('slack', 0.4)], expected: 'fail' },
    { state: 'no series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('rounds failures up to whole notifications', () => {
    const outcome = judge({ samples: [integration('slack', 0.4), integration('email', 0)], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('1 notification integration failed to deliver in the last hour');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'integration slack', reason: '1 failed notification in the last hour' }]);
  });
});
