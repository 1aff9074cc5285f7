import { describe, expect, it } from 'vitest';
import type { PromSample } from '@/lib/sources/prometheus/client';
import { testEnv } from '@/lib/testing/evaluation-env';
import { firingAlerts } from './firing-alerts';

const { judge } = firingAlerts.spec;
const params = { query: 'count by (alertname, severity) (ALERTS{alertstate="firing"})' };
const alert = (alertname: string, value: number, severity?: string): PromSample => ({ labels: severity ? { alertname, severity } : { alertname }, value });

describe('firing-alerts', () => {
  it.each([
    { state: 'only Watchdog firing', samples: [alert('Watchdog', 1, 'none')], expected: 'pass' },
    { state: 'Watchdog and real alerts firing', samples: [alert('Watchdog', 1, 'none'), alert('KubePodCrashLooping', 3, 'warning')], expected: 'pass' },
    { state: 'nothing firing, not even Watchdog', samples: [], expected: 'warn' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('counts the alerts besides Watchdog and lists every firing group', () => {
    const outcome = judge({ samples: [alert('Watchdog', 1, 'none'), alert('KubePodCrashLooping', 3, 'warning'), alert('TargetDown', 1)], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('Alerting rules are evaluated; 4 alerts firing besides Watchdog');
    expect(outcome.excerpt).toEqual({
      firingSeries: 5,
      firingGroups: 3,
      firingAlerts: [
        { object: 'KubePodCrashLooping', reason: '3 series firing, severity warning' },
        { object: 'TargetDown', reason: '1 series firing, severity none' },
        { object: 'Watchdog', reason: '1 series firing, severity none' },
      ],
      warnings: [],
    });
  });
});
