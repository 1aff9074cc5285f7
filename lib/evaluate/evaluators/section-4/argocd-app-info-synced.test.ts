import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { argocdAppInfoSynced } from './argocd-app-info-synced';

const { judge } = argocdAppInfoSynced.spec;
const params = { query: 'argocd_app_info', namespaceLabel: 'namespace', nameLabel: 'name' };
const app = (name: string, sync_status: string, health_status: string) => ({ labels: { namespace: 'argocd', name, sync_status, health_status }, value: 1 });

describe('argocd-app-info-synced', () => {
  it.each([
    { state: 'every application Synced and Healthy', samples: [app('shop', 'Synced', 'Healthy'), app('pay', 'Synced', 'Healthy')], expected: 'pass' },
    { state: 'one application OutOfSync', samples: [app('shop', 'Synced', 'Healthy'), app('pay', 'OutOfSync', 'Healthy')], expected: 'fail' },
    { state: 'one application Degraded', samples: [app('shop', 'Synced', 'Degraded')], expected: 'fail' },
    { state: 'no series (Argo CD absent or not scraped)', samples: [], expected: 'warn' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('names each drifting application with both problems and keeps the warnings', () => {
    const outcome = judge({ samples: [app('pay', 'OutOfSync', 'Missing'), app('shop', 'Synced', 'Healthy')], warnings: ['partial'] }, params, testEnv());
    expect(outcome.summary).toBe('1 of 2 Argo CD applications drift from Git or are unhealthy');
    expect(outcome.excerpt).toEqual({ applications: 2, totalOffenders: 1, offenders: [{ object: 'argocd/pay', reason: 'sync OutOfSync, health Missing' }], warnings: ['partial'] });
  });

  it('names applications by the configured labels', () => {
    const sample = { labels: { dest_namespace: 'apps', app: 'web', sync_status: 'OutOfSync', health_status: 'Healthy' }, value: 1 };
    const outcome = judge({ samples: [sample], warnings: [] }, { ...params, namespaceLabel: 'dest_namespace', nameLabel: 'app' }, testEnv());
    expect(outcome.excerpt.offenders).toEqual([{ object: 'apps/web', reason: 'sync OutOfSync' }]);
  });

  it('says that a CI deployment step is acceptable when no series exists', () => {
    expect(judge({ samples: [], warnings: [] }, params, testEnv()).summary).toContain('last step of a CI pipeline');
  });
});
