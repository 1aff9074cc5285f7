import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { alertmanagerConfigLoaded } from './alertmanager-config-loaded';

const { judge } = alertmanagerConfigLoaded.spec;
const params = { query: 'alertmanager_config_last_reload_successful' };
const alertmanager = (labels: Record<string, string>, value: number) => ({ labels, value });

describe('alertmanager-config-loaded', () => {
  it.each([
    { state: 'every reload successful', samples: [alertmanager({ pod: 'am-0' }, 1), alertmanager({ pod: 'am-1' }, 1)], expected: 'pass' },
    { state: 'one reload failed', samples: [alertmanager({ pod: 'am-0' }, 1), alertmanager({ pod: 'am-1' }, 0)], expected: 'fail' },
    { state: 'no series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('names the Alertmanager by pod, or by instance without a pod label', () => {
    const outcome = judge({ samples: [alertmanager({ pod: 'am-0' }, 0), alertmanager({ instance: '10.0.0.9:9093' }, 0)], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('2 of 2 Alertmanagers failed to load the configuration');
    expect(outcome.excerpt.offenders).toEqual([
      { object: 'alertmanager 10.0.0.9:9093', reason: 'last configuration reload failed' },
      { object: 'alertmanager am-0', reason: 'last configuration reload failed' },
    ]);
  });
});
