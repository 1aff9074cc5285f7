import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { argocdApplicationsSynced } from './argocd-applications-synced';

const { judge } = argocdApplicationsSynced.spec;
const application = (name: string, syncStatus: string, healthStatus: string) => ({ namespace: 'argocd', name, syncStatus, healthStatus });

describe('argocd-applications-synced', () => {
  it.each([
    { state: 'every Application Synced and Healthy', isInstalled: true, items: [application('shop', 'Synced', 'Healthy')], expected: 'pass' },
    { state: 'an Application OutOfSync', isInstalled: true, items: [application('shop', 'Synced', 'Healthy'), application('pay', 'OutOfSync', 'Healthy')], expected: 'fail' },
    { state: 'an Application Progressing', isInstalled: true, items: [application('shop', 'Synced', 'Progressing')], expected: 'fail' },
    { state: 'Argo CD installed without applications', isInstalled: true, items: [], expected: 'warn' },
    { state: 'Argo CD not installed', isInstalled: false, items: [], expected: 'warn' },
  ])('$state → $expected', ({ isInstalled, items, expected }) => {
    expect(judge({ isInstalled, items }, {}, testEnv()).status).toBe(expected);
  });

  it('names the drifting Applications, capped at the configured maximum with the total kept', () => {
    const items = [application('a', 'OutOfSync', 'Healthy'), application('b', 'Synced', 'Degraded'), application('c', 'Synced', 'Healthy')];
    const outcome = judge({ isInstalled: true, items }, {}, testEnv({ maxOffendersPerCheck: 1 }));
    expect(outcome.summary).toBe('2 of 3 Argo CD applications drift from Git or are unhealthy');
    expect(outcome.excerpt).toEqual({ applications: 3, totalOffenders: 2, offenders: [{ object: 'argocd/a', reason: 'sync OutOfSync' }] });
  });

  it('records that the Application API is missing', () => {
    const outcome = judge({ isInstalled: false, items: [] }, {}, testEnv());
    expect(outcome.summary).toContain('Argo CD is not installed');
    expect(outcome.excerpt).toEqual({ isInstalled: false });
  });
});
