import { describe, expect, it } from 'vitest';
import { evaluateControl as evaluate, evidenceText } from '@/lib/testing/evaluate-control';
import { sourceDown } from '@/lib/testing/fake-sources';

const APP_INFO = 'argocd_app_info';

const appSeries = (name: string, sync_status: string, health_status: string) => ({ labels: { namespace: 'argocd', name, project: 'default', sync_status, health_status }, value: 1 });
const application = (name: string, syncStatus: string, healthStatus: string) => ({ namespace: 'argocd', name, syncStatus, healthStatus });

describe('S4.GITOPS', () => {
  it('passes when every application is Synced and Healthy in both sources', async () => {
    const result = await evaluate('S4.GITOPS', {
      prometheus: { [APP_INFO]: [appSeries('shop', 'Synced', 'Healthy'), appSeries('payments', 'Synced', 'Healthy')] },
      kubernetes: { argoApplications: { isInstalled: true, items: [application('shop', 'Synced', 'Healthy'), application('payments', 'Synced', 'Healthy')] } },
    });
    expect(result.status).toBe('pass');
    expect(result.summary).toContain('All 2 Argo CD applications are Synced and Healthy');
  });

  it('fails and names the OutOfSync and Degraded applications', async () => {
    const result = await evaluate('S4.GITOPS', {
      prometheus: { [APP_INFO]: [appSeries('shop', 'Synced', 'Healthy'), appSeries('payments', 'OutOfSync', 'Healthy')] },
      kubernetes: { argoApplications: { isInstalled: true, items: [application('shop', 'Synced', 'Degraded'), application('payments', 'OutOfSync', 'Healthy')] } },
    });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.excerpt).toMatchObject({ applications: 2, totalOffenders: 1, offenders: [{ object: 'argocd/payments', reason: 'sync OutOfSync' }] });
    expect(result.evidence[1]?.excerpt).toMatchObject({
      totalOffenders: 2,
      offenders: [
        { object: 'argocd/payments', reason: 'sync OutOfSync' },
        { object: 'argocd/shop', reason: 'health Degraded' },
      ],
    });
  });

  it('warns, not fails, when Argo CD is not installed: deploying from CI is also acceptable', async () => {
    const result = await evaluate('S4.GITOPS', { prometheus: {}, kubernetes: { argoApplications: { isInstalled: false, items: [] } } });
    expect(result.status).toBe('warn');
    expect(result.summary).toContain('Argo CD is not installed');
    expect(result.summary).toContain('CI pipeline');
  });

  it('warns when Argo CD is installed but manages nothing', async () => {
    expect((await evaluate('S4.GITOPS', { prometheus: {}, kubernetes: { argoApplications: { isInstalled: true, items: [] } } })).status).toBe('warn');
  });

  it('does not pass on the Kubernetes API alone when the metrics are missing', async () => {
    const result = await evaluate('S4.GITOPS', { prometheus: {}, kubernetes: { argoApplications: { isInstalled: true, items: [application('shop', 'Synced', 'Healthy')] } } });
    expect(result.status).toBe('warn');
    expect(result.evidence[1]?.status).toBe('pass');
  });

  it('is unknown when both sources are down', async () => {
    const result = await evaluate('S4.GITOPS', { prometheus: { [APP_INFO]: sourceDown('prometheus') }, kubernetes: { argoApplications: sourceDown('kubernetes') } });
    expect(result.status).toBe('unknown');
  });

  it('is unknown, not pass, when one source is down and the other is clean', async () => {
    const result = await evaluate('S4.GITOPS', {
      prometheus: { [APP_INFO]: [appSeries('shop', 'Synced', 'Healthy')] },
      kubernetes: { argoApplications: sourceDown('kubernetes') },
    });
    expect(result.status).toBe('unknown');
    expect(evidenceText(result)).toContain('ECONNREFUSED');
  });
});

describe('S4.CI-CD', () => {
  it('is manual whatever the cluster says', async () => {
    expect((await evaluate('S4.CI-CD', {})).status).toBe('manual');
    expect((await evaluate('S4.CI-CD', { kubernetes: { argoApplications: { isInstalled: true, items: [application('shop', 'Synced', 'Healthy')] } } })).status).toBe('manual');
  });
});
